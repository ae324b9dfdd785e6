import { int, jsonObject, text, toJson, type ColumnValue, type Row } from '../sqlite/columns.ts';

/** The `oauth_entries` and `oauth_revocations` tables as both adapters read and write them. */

/**
 * How long a revocation is remembered. It must outlive every access token of the grant (they
 * are JWTs the gateway verifies without a database read); access tokens live minutes.
 */
export const REVOCATION_RETENTION_MS = 30 * 86_400_000;

/** An `oauth_entries` row to write: the payload as JSON, its lookup keys copied into columns. */
export type OAuthEntryRow = {
  readonly model: string;
  readonly id: string;
  readonly payload: string;
  readonly grantId: string | null;
  readonly uid: string | null;
  readonly userCode: string | null;
  readonly accountId: string | null;
  readonly expiresAt: number | null;
};

export function oauthEntryRow(
  model: string,
  id: string,
  payload: Readonly<Record<string, unknown>>,
  expiresAt: number | null,
): OAuthEntryRow {
  return {
    model,
    id,
    payload: toJson(payload, `oauth ${model} payload`),
    grantId: stringField(payload, 'grantId'),
    uid: stringField(payload, 'uid'),
    userCode: stringField(payload, 'userCode'),
    accountId: stringField(payload, 'accountId'),
    expiresAt,
  };
}

/** Values in column order: model, id, payload, grant_id, uid, user_code, account_id, expires_at. */
export function oauthEntryValues(e: OAuthEntryRow): readonly ColumnValue[] {
  return [e.model, e.id, e.payload, e.grantId, e.uid, e.userCode, e.accountId, e.expiresAt];
}

/** A stored payload, as a fresh mutable object (oidc-provider adds to what it reads). */
export function toPayload(row: Row): Record<string, unknown> {
  return { ...jsonObject(row, 'payload') };
}

export function toRevocation(row: Row): { readonly grantId: string; readonly revokedAt: number } {
  return Object.freeze({ grantId: text(row, 'grant_id'), revokedAt: int(row, 'revoked_at') });
}

function stringField(payload: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = payload[key];
  return typeof value === 'string' && value !== '' ? value : null;
}
