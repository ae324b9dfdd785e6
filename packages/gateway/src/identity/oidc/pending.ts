import type { RecordRepository } from '@gatehouse/core';
import { z } from 'zod';

/** Record kind of a sign-in that went to the IdP and has not come back yet. */
export const PENDING_KIND = 'oidc-pending';

/** How long a user may take at the IdP. */
export const PENDING_TTL_MS = 10 * 60_000;

/** Server-side half of a sign-in; the browser only holds `state` (in a cookie and in the URL). */
const pendingSchema = z.strictObject({
  provider: z.string(),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(43),
  returnTo: z.string(),
  createdAt: z.number(),
});
export type PendingSignIn = z.infer<typeof pendingSchema>;

export async function savePending(
  store: RecordRepository,
  state: string,
  pending: PendingSignIn,
): Promise<void> {
  await store.put(PENDING_KIND, state, pending, pending.createdAt + PENDING_TTL_MS);
}

/**
 * Atomically takes the pending sign-in for `state` out of the store. Undefined when it never
 * existed, already ran, expired, or the stored value is not ours.
 */
export async function consumePending(
  store: RecordRepository,
  state: string,
  now: number,
): Promise<PendingSignIn | undefined> {
  const value = await store.consume(PENDING_KIND, state, now);
  const parsed = pendingSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
