import type { Clock, Logger, SessionRecord, SshIdentity, Store } from '@gatehouse/core';
import { ensureNamespace } from './identity.ts';
import type { SignInNotifier } from './notifier.ts';
import {
  RESULT_KIND,
  RESULT_TTL_MS,
  readPending,
  takePending,
  type PendingSignIn,
  type SignInResult,
} from './pending.ts';

export interface SettleDeps {
  readonly store: Store;
  readonly notifier: SignInNotifier;
  readonly clock: Clock;
  readonly logger: Logger;
}

export type Answer =
  { readonly decision: 'authorize'; readonly remember: boolean } | { readonly decision: 'deny' };

/** What the verify page shows; undefined when the code is unknown, expired or used. */
export function pendingSignIn(deps: SettleDeps, code: string): Promise<PendingSignIn | undefined> {
  return readPending(deps.store.records, code, deps.clock.now());
}

/**
 * The browser's answer to a code. The code is consumed first (single use, atomic across nodes);
 * Authorize binds the key to the signed-in account — until revoked with "Remember me", else for
 * the SSH session (and never past this browser session) — and creates the account's namespace
 * on first use. Returns undefined when the code was no longer valid.
 */
export async function settleSignIn(
  deps: SettleDeps,
  code: string,
  session: SessionRecord,
  answer: Answer,
): Promise<SignInResult | undefined> {
  const { store, clock } = deps;
  const pending = await takePending(store.records, code, clock.now());
  if (pending === undefined) return undefined;
  let result: SignInResult;
  if (answer.decision === 'deny') result = { approved: false, reason: 'denied' };
  else {
    const identity: SshIdentity = {
      userId: session.userId,
      email: session.email,
      namespace: await ensureNamespace(store, session.userId, clock),
    };
    const now = clock.now();
    await store.tunnels.putBinding({
      fingerprint: pending.fingerprint,
      accountId: session.userId,
      publicKey: pending.publicKey,
      remember: answer.remember,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: answer.remember ? null : session.expiresAt,
    });
    result = { approved: true, identity };
  }
  await store.records.put(RESULT_KIND, pending.id, result, clock.now() + RESULT_TTL_MS);
  deps.notifier.notify(pending.id);
  deps.logger.info(
    {
      event: result.approved ? 'ssh-signin-approved' : 'ssh-signin-denied',
      user: session.email ?? session.userId,
      fingerprint: pending.fingerprint,
      clientIp: pending.clientIp,
      remember: answer.decision === 'authorize' && answer.remember,
    },
    result.approved ? 'SSH key bound to the account' : 'SSH sign-in denied',
  );
  return result;
}
