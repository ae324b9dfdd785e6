import type { Logger, TunnelAccounts } from '@gatehouse/core';
import type { TunnelConnection } from './tunnel-connection.ts';

/** Failed rounds in a row after which live tunnels are closed rather than trusted (fail closed). */
const MAX_FAILED_ROUNDS = 3;

export const NO_LONGER_SIGNED_IN =
  'gatehouse: this key is no longer signed in (signed out, revoked, or the account was disabled).';
export const CANNOT_RECHECK = 'gatehouse: your sign-in could not be checked again; reconnect.';

/**
 * Re-checks every signed-in connection's key against the accounts every `everyMs`, as Pomerium
 * re-runs SSH authorization every 60 s (pomerium.md §SSH). A key signed out or revoked on another
 * node, or an account disabled with `gatehouse users disable` in another process, ends its
 * tunnels within one round, not only at the next connect. When the accounts cannot answer for
 * three rounds in a row, the tunnels are closed: they are not served on a sign-in nobody can check.
 */
export function startReauthorization(options: {
  readonly connections: ReadonlySet<TunnelConnection>;
  readonly accounts: Pick<TunnelAccounts, 'lookup'>;
  readonly everyMs: number;
  readonly logger: Logger;
}): { stop(): void } {
  const { connections, accounts, logger } = options;
  let running = false;
  let failedRounds = 0;

  async function round(): Promise<void> {
    let failed = false;
    for (const connection of [...connections]) {
      const { key, identity } = connection;
      if (key === undefined || identity === undefined) continue;
      try {
        const now = await accounts.lookup(key);
        if (now?.userId !== identity.userId) {
          logger.info(
            {
              event: 'ssh-reauth-failed',
              connectionId: connection.id,
              fingerprint: key.fingerprint,
            },
            'ssh key no longer signed in; closing its connection',
          );
          connection.close(NO_LONGER_SIGNED_IN);
        }
      } catch (error) {
        failed = true;
        logger.warn({ err: error, connectionId: connection.id }, 'ssh re-authorization failed');
      }
    }
    failedRounds = failed ? failedRounds + 1 : 0;
    if (failedRounds >= MAX_FAILED_ROUNDS) {
      for (const connection of connections)
        if (connection.identity !== undefined) connection.close(CANNOT_RECHECK);
      failedRounds = 0;
    }
  }

  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void round().finally(() => (running = false));
  }, options.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
