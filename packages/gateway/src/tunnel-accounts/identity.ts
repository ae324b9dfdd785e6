import type { Clock, SshIdentity, Store } from '@gatehouse/core';
import { createIdentityLookup } from '../identity/lookup.ts';
import { TUNNEL_ERROR_CODES, tunnelError } from './errors.ts';
import { randomNamespace } from './names.ts';

/** Tries before giving up: 3.6 million names, so a run of collisions means something is wrong. */
const NAMESPACE_TRIES = 20;

/** The account's namespace, drawn and stored at first use (both sides are unique). */
export async function ensureNamespace(
  store: Store,
  accountId: string,
  clock: Clock,
  draw: () => string = randomNamespace,
): Promise<string> {
  const existing = await store.tunnels.namespaceOf(accountId);
  if (existing !== undefined) return existing;
  for (let i = 0; i < NAMESPACE_TRIES; i += 1) {
    const claimed = await store.tunnels.claimNamespace(accountId, draw(), clock.now());
    if (claimed !== undefined) return claimed;
  }
  throw tunnelError(
    TUNNEL_ERROR_CODES.namespaceExhausted,
    `no free tunnel namespace after ${NAMESPACE_TRIES} tries`,
  );
}

export type TunnelIdentityOf = (accountId: string) => Promise<SshIdentity | undefined>;

/**
 * Who an account is for the tunnel, now: its namespace and current e-mail address. A disabled
 * account has no identity, so its keys stop working.
 */
export function createTunnelIdentityOf(store: Store, clock: Clock): TunnelIdentityOf {
  const identityOf = createIdentityLookup(store);
  return async (userId) => {
    const known = await identityOf(userId);
    if (known?.disabled === true) return undefined;
    const namespace = await ensureNamespace(store, userId, clock);
    return { userId, email: known?.email ?? null, namespace };
  };
}
