import type { TunnelKeyBinding, TunnelShareRecord } from '@gatehouse/core';
import { int, intOrNull, text, type ColumnValue, type Row } from '../sqlite/columns.ts';

/** The `tunnel_key_bindings` and `tunnel_shares` tables as both adapters read and write them. */

export const BINDING_COLUMNS =
  'fingerprint, account_id, public_key, remember, created_at, last_used_at, expires_at';

export function toBinding(row: Row): TunnelKeyBinding {
  return Object.freeze({
    fingerprint: text(row, 'fingerprint'),
    accountId: text(row, 'account_id'),
    publicKey: text(row, 'public_key'),
    remember: int(row, 'remember') === 1,
    createdAt: int(row, 'created_at'),
    lastUsedAt: int(row, 'last_used_at'),
    expiresAt: intOrNull(row, 'expires_at'),
  });
}

/** Values in `BINDING_COLUMNS` order. */
export function bindingValues(b: TunnelKeyBinding): readonly ColumnValue[] {
  return [
    b.fingerprint,
    b.accountId,
    b.publicKey,
    b.remember ? 1 : 0,
    b.createdAt,
    b.lastUsedAt,
    b.expiresAt,
  ];
}

export function toShare(row: Row): TunnelShareRecord {
  return Object.freeze({
    namespace: text(row, 'namespace'),
    route: text(row, 'route'),
    email: text(row, 'email'),
    createdAt: int(row, 'created_at'),
  });
}
