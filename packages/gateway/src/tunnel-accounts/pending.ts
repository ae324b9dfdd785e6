import type { RecordRepository, SshIdentity } from '@gatehouse/core';
import { userCodeKey } from './user-code.ts';

/**
 * Browser sign-ins for SSH keys, kept in `store.records` so that the node holding the SSH
 * connection and the node serving the verify page need not be the same process.
 */
export const PENDING_KIND = 'ssh-signin';
/** The answer, keyed by the pending sign-in's id (not its code): read once by the waiter. */
export const RESULT_KIND = 'ssh-signin-result';
/** As in Pomerium (`defaultIssuerCodeTTL`, research pomerium.md §1.3.1). */
export const SIGN_IN_TTL_MS = 15 * 60_000;
/** The answer waits this long for the SSH side to pick it up. */
export const RESULT_TTL_MS = 5 * 60_000;

export interface PendingSignIn {
  readonly id: string;
  readonly fingerprint: string;
  readonly publicKey: string;
  readonly clientIp: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export type SignInResult =
  | { readonly approved: true; readonly identity: SshIdentity }
  | { readonly approved: false; readonly reason: 'denied' };

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Records are ours, but a store is shared across versions: anything else reads as absent. */
export function parsePending(value: unknown): PendingSignIn | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const { id, fingerprint, publicKey, clientIp, issuedAt, expiresAt } = v;
  if (!isString(id) || !isString(fingerprint) || !isString(publicKey) || !isString(clientIp))
    return undefined;
  if (!isNumber(issuedAt) || !isNumber(expiresAt)) return undefined;
  return { id, fingerprint, publicKey, clientIp, issuedAt, expiresAt };
}

export function parseResult(value: unknown): SignInResult | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v['approved'] === false) return { approved: false, reason: 'denied' };
  const identity = v['identity'] as Record<string, unknown> | null | undefined;
  if (v['approved'] !== true || typeof identity !== 'object' || identity === null) return undefined;
  const { email, namespace } = identity;
  // `accountId`: the field's name before issue 19; a node of the previous version may still
  // write it during a rolling upgrade (results live five minutes).
  const userId = identity['userId'] ?? identity['accountId'];
  if (!isString(userId) || !isString(namespace) || !(email === null || isString(email)))
    return undefined;
  return { approved: true, identity: { userId, email, namespace } };
}

export async function readPending(
  records: RecordRepository,
  code: string,
  now: number,
): Promise<PendingSignIn | undefined> {
  return parsePending(await records.get(PENDING_KIND, userCodeKey(code), now));
}

/** Atomic: of two answers to one code (two tabs, two nodes), exactly one gets the sign-in. */
export async function takePending(
  records: RecordRepository,
  code: string,
  now: number,
): Promise<PendingSignIn | undefined> {
  return parsePending(await records.consume(PENDING_KIND, userCodeKey(code), now));
}
