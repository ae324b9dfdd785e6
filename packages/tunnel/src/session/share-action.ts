import { isGatehouseError } from '@gatehouse/core';
import type { Logger, TunnelAccounts } from '@gatehouse/core';
import type { TunnelConnection } from '../connection/tunnel-connection.ts';
import { DEFAULT_ROUTE, isRouteName } from '../forwards/route-name.ts';
import { isEmailAddress } from './email.ts';

export interface ShareDeps {
  readonly accounts: TunnelAccounts;
  readonly logger: Logger;
}

export type ShareResult = { ok: true } | { ok: false; message: string };

/**
 * The TUI's `s` (SessionActions.share): lets `email` use a route of this account. `route`
 * defaults to the session's first forward. Success goes to the session's log; a refusal comes
 * back as a message and changes nothing.
 */
export async function shareFromSession(
  connection: TunnelConnection,
  deps: ShareDeps,
  email: string,
  route?: string,
): Promise<ShareResult> {
  const identity = connection.identity;
  if (identity === undefined) return { ok: false, message: 'Not signed in yet.' };
  const address = email.trim();
  if (!isEmailAddress(address)) {
    return { ok: false, message: 'Type one email address, e.g. bob@example.com' };
  }
  const target = route ?? connection.view.current().forwards[0]?.route ?? DEFAULT_ROUTE;
  if (!isRouteName(target)) {
    return { ok: false, message: 'A route is one DNS label (a-z, 0-9, -).' };
  }
  try {
    await deps.accounts.share(identity, target, address);
  } catch (error) {
    deps.logger.warn({ err: error, connectionId: connection.id }, 'tunnel share failed');
    // GatehouseError messages are written for users; anything else may be internal.
    const message = isGatehouseError(error) ? error.message : 'Sharing failed; try again later.';
    return { ok: false, message };
  }
  connection.view.log(
    'info',
    `shared ${deps.accounts.publicUrl(identity, target)} with ${address}`,
  );
  return { ok: true };
}
