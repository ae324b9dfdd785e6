import { GatehouseError, type Clock, type Logger, type Store } from '@gatehouse/core';

export const REVOCATION_REFRESH_FAILED = 'ERR_MCP_REVOCATION_REFRESH';

/** Without a successful poll for this many intervals, every token is refused (research §5 L6). */
const STALE_AFTER_INTERVALS = 3;
/** Re-read revocations this far back, for writers on other nodes with skewed clocks. */
const OVERLAP_MS = 60_000;

export interface RevocationCopyOptions {
  readonly store: Store;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly refreshMs: number;
  readonly retainMs: number;
}

/** The in-memory copy itself: what it holds, how one poll updates it, and when it is stale. */
export interface RevocationCopy {
  /** True (and logged once per outage) when no poll succeeded for 3 × refreshMs. */
  stale(): boolean;
  /** One read of the store. Rejects with ERR_MCP_REVOCATION_REFRESH (cause: the store error). */
  poll(): Promise<void>;
  /** A revocation published on `store.changes`: refused at once, before the next poll. */
  markRevoked(grantId: string): void;
  isRevoked(grantId: string): boolean;
  isDisabled(accountId: string): boolean;
  /** The last poll's error (ERR_MCP_REVOCATION_REFRESH, cause: the store's), until one succeeds. */
  failure(): Error | undefined;
}

export function createRevocationCopy(options: RevocationCopyOptions): RevocationCopy {
  const { store, logger, clock, refreshMs, retainMs } = options;
  const revoked = new Map<string, number>();
  let disabled = new Set<string>();
  let freshAsOf: number | undefined;
  let failedClosed = false;
  let lastFailure: Error | undefined;

  return {
    stale() {
      const isStale =
        freshAsOf === undefined || clock.now() - freshAsOf > STALE_AFTER_INTERVALS * refreshMs;
      if (isStale && !failedClosed) {
        failedClosed = true;
        logger.error(
          { refreshMs, lastRefreshAt: freshAsOf ?? null },
          'revocation cache is stale: refusing every MCP access token until the store answers',
        );
      }
      return isStale;
    },
    async poll() {
      // Freshness counts from when the query started: a revocation committed after this instant
      // may be missing from the answer.
      const startedAt = clock.now();
      const since = freshAsOf === undefined ? startedAt - retainMs : freshAsOf - OVERLAP_MS;
      let grants, accounts;
      try {
        [grants, accounts] = await Promise.all([
          store.oauth.revokedGrantsSince(since),
          store.accounts.list(),
        ]);
      } catch (error) {
        lastFailure = new GatehouseError(
          REVOCATION_REFRESH_FAILED,
          'cannot refresh the revocation cache',
          { cause: error },
        );
        throw lastFailure;
      }
      lastFailure = undefined;
      for (const { grantId, revokedAt } of grants) revoked.set(grantId, revokedAt);
      for (const [grantId, revokedAt] of revoked) {
        if (revokedAt < startedAt - retainMs) revoked.delete(grantId);
      }
      disabled = new Set(accounts.filter((a) => a.disabled).map((a) => a.id));
      freshAsOf = startedAt;
      if (failedClosed) {
        failedClosed = false;
        logger.info('revocation cache refreshed again: MCP access tokens are accepted');
      }
    },
    markRevoked(grantId) {
      revoked.set(grantId, clock.now());
    },
    isRevoked: (grantId) => revoked.has(grantId),
    isDisabled: (accountId) => disabled.has(accountId),
    failure: () => lastFailure,
  };
}
