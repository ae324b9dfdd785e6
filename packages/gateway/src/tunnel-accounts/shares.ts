import type { Store, SshIdentity, TunnelShare } from '@gatehouse/core';
import { TUNNEL_ERROR_CODES, tunnelError } from './errors.ts';
import { isDnsLabel } from './names.ts';

/** Bounds one namespace's rows (and each synthesized route's policy). */
export const MAX_SHARES_PER_NAMESPACE = 100;

// Lenient on the local part (it is only compared, never mailed), strict on the domain: DNS
// labels, so `bob@localhost` works for local setups (RFC 5321 §4.5.3.1.3: 254 octets at most).
const EMAIL =
  /^[^\s@<>()",;:\\[\]]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

export function normalizeShareEmail(email: string): string {
  const value = email.trim().toLowerCase();
  if (value.length > 254 || !EMAIL.test(value)) {
    throw tunnelError(
      TUNNEL_ERROR_CODES.invalidEmail,
      `not an e-mail address: "${email.slice(0, 80)}"`,
    );
  }
  return value;
}

export function normalizeRoute(route: string): string {
  const value = route.trim().toLowerCase();
  if (!isDnsLabel(value)) {
    throw tunnelError(
      TUNNEL_ERROR_CODES.invalidRoute,
      `not a route name: "${route.slice(0, 80)}" (use lower-case letters, digits and dashes, at most 63)`,
    );
  }
  return value;
}

/** Sharing is done by the namespace's owner only; the identity comes from the SSH side. */
async function ownedNamespace(store: Store, identity: SshIdentity): Promise<string> {
  if ((await store.tunnels.ownerOf(identity.namespace)) !== identity.userId) {
    throw tunnelError(TUNNEL_ERROR_CODES.notOwner, 'this namespace belongs to another account');
  }
  return identity.namespace;
}

export async function addShare(
  store: Store,
  identity: SshIdentity,
  route: string,
  email: string,
  now: number,
): Promise<string> {
  const r = normalizeRoute(route);
  const e = normalizeShareEmail(email);
  const namespace = await ownedNamespace(store, identity);
  if ((await store.tunnels.listShares(namespace)).length >= MAX_SHARES_PER_NAMESPACE) {
    throw tunnelError(
      TUNNEL_ERROR_CODES.tooManyShares,
      `at most ${MAX_SHARES_PER_NAMESPACE} shares per account; remove one first`,
    );
  }
  await store.tunnels.addShare(namespace, r, e, now);
  return namespace;
}

export async function removeShare(
  store: Store,
  identity: SshIdentity,
  route: string,
  email: string,
): Promise<boolean> {
  const namespace = await ownedNamespace(store, identity);
  return store.tunnels.removeShare(
    namespace,
    route.trim().toLowerCase(),
    email.trim().toLowerCase(),
  );
}

export async function listShares(
  store: Store,
  identity: SshIdentity,
): Promise<readonly TunnelShare[]> {
  const namespace = await ownedNamespace(store, identity);
  return (await store.tunnels.listShares(namespace)).map((s) => ({
    route: s.route,
    email: s.email,
  }));
}
