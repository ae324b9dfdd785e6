import type { Clock, Store } from '@gatehouse/core';
import { createSignInLink } from '../authenticate/signin-link.ts';
import type { GatewayConfig } from '../config/index.ts';

/**
 * On a first start with built-in accounts and none yet: a one-time link that creates the first
 * admin. A secret: the caller prints it to the operator's terminal, never to a log.
 */
export async function firstRunLink(
  config: GatewayConfig,
  store: Store,
  clock: Clock,
  adminEmail: string | undefined,
): Promise<string | undefined> {
  if (!config.identityProviders.some((p) => p.type === 'builtin')) return undefined;
  if ((await store.accounts.count()) !== 0) return undefined;
  return createSignInLink(
    store.records,
    config.authenticateServiceUrl,
    { email: adminEmail ?? 'admin@localhost', groups: ['admin'] },
    clock.now(),
  );
}
