import type { SessionRecord } from '@gatehouse/core';
import {
  int,
  jsonObject,
  stringList,
  text,
  textOrNull,
  toJson,
  type ColumnValue,
  type Row,
} from '../sqlite/columns.ts';

/** The `sessions` table as both adapters read and write it (same columns, same encodings). */

export const SESSION_COLUMNS =
  'id, user_id, email, name, groups_json, claims_json, idp, created_at, last_seen_at, ' +
  'expires_at, ip, user_agent';

export function toSession(row: Row): SessionRecord {
  return Object.freeze({
    id: text(row, 'id'),
    userId: text(row, 'user_id'),
    email: textOrNull(row, 'email'),
    name: textOrNull(row, 'name'),
    groups: stringList(row, 'groups_json'),
    claims: jsonObject(row, 'claims_json'),
    idp: text(row, 'idp'),
    createdAt: int(row, 'created_at'),
    lastSeenAt: int(row, 'last_seen_at'),
    expiresAt: int(row, 'expires_at'),
    ip: textOrNull(row, 'ip'),
    userAgent: textOrNull(row, 'user_agent'),
  });
}

/** Values in `SESSION_COLUMNS` order. */
export function sessionValues(s: SessionRecord): readonly ColumnValue[] {
  return [
    s.id,
    s.userId,
    s.email,
    s.name,
    toJson(s.groups, 'session groups'),
    toJson(s.claims, 'session claims'),
    s.idp,
    s.createdAt,
    s.lastSeenAt,
    s.expiresAt,
    s.ip,
    s.userAgent,
  ];
}
