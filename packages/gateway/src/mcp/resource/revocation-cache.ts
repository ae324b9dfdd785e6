import {
  CHANGE_TOPICS,
  GatehouseError,
  systemClock,
  type Clock,
  type Logger,
  type Store,
} from '@gatehouse/core';
import type { RevocationView } from './revocation-view.ts';

export interface RevocationCacheOptions {
  readonly store: Store;
  readonly logger: Logger;
  readonly clock?: Clock;
  /**
   * How often to poll the store (default 15 s): the backstop. Revocations and account changes
   * published on `store.changes` (by any node) take effect within about a second.
   */
  readonly refreshMs?: number;
  /** How long a revoked grant id is remembered; must exceed the access-token lifetime (default 24 h). */
  readonly retainMs?: number;
}

export interface RevocationCache extends RevocationView {
  /** One poll of the store. Rejects with ERR_MCP_REVOCATION_REFRESH (cause: the store error). */
  refresh(): Promise<void>;
  /** Polls now and then every `refreshMs`, and follows `store.changes`; failures are logged and retried. */
  start(): void;
  stop(): void;
}

export const REVOCATION_REFRESH_FAILED = 'ERR_MCP_REVOCATION_REFRESH';

const DEFAULT_REFRESH_MS = 15_000;
const DEFAULT_RETAIN_MS = 24 * 3_600_000;
/** Without a successful poll for this many intervals, every token is refused (research §5 L6). */
const STALE_AFTER_INTERVALS = 3;
/** Re-read revocations this far back, for writers on other nodes with skewed clocks. */
const OVERLAP_MS = 60_000;

/**
 * An in-memory copy of revoked grant ids and disabled account ids, polled from the store so the
 * hot path never reads the database. Until the first successful refresh, and whenever the copy is
 * older than 3 × refreshMs, both questions answer "yes": fail closed rather than honour a token
 * that may have been revoked while the store was unreachable.
 */
export function createRevocationCache(options: RevocationCacheOptions): RevocationCache {
  const { store, logger } = options;
  const clock = options.clock ?? systemClock;
  const refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
  const retainMs = options.retainMs ?? DEFAULT_RETAIN_MS;
  const revoked = new Map<string, number>();
  let disabled = new Set<string>();
  let freshAsOf: number | undefined;
  let failedClosed = false;
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  const stale = (): boolean => {
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
  };

  const poll = async (): Promise<void> => {
    // Freshness counts from when the query started: a revocation committed after this instant may
    // be missing from the answer.
    const startedAt = clock.now();
    const since = freshAsOf === undefined ? startedAt - retainMs : freshAsOf - OVERLAP_MS;
    let grants, accounts;
    try {
      [grants, accounts] = await Promise.all([
        store.oauth.revokedGrantsSince(since),
        store.accounts.list(),
      ]);
    } catch (error) {
      throw new GatehouseError(REVOCATION_REFRESH_FAILED, 'cannot refresh the revocation cache', {
        cause: error,
      });
    }
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
  };

  const refresh = (): Promise<void> => {
    inFlight ??= poll().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const tick = () => {
    refresh().catch((error: unknown) => {
      const cause = error instanceof GatehouseError ? error.cause : error;
      logger.warn(
        {
          code: REVOCATION_REFRESH_FAILED,
          cause: cause instanceof Error ? cause.message : String(cause),
        },
        'revocation cache refresh failed; keeping the last copy',
      );
      // Log the switch to fail-closed even when no request asks in the meantime.
      stale();
    });
  };

  return {
    isGrantRevoked: (grantId) => stale() || revoked.has(grantId),
    isUserDisabled: (sub) => stale() || disabled.has(sub),
    refresh,
    start() {
      if (timer !== undefined) return;
      tick();
      timer = setInterval(tick, refreshMs);
      timer.unref();
      // A revoked grant is refused at once; a changed account (disabled) triggers a re-read.
      const stops = [
        store.changes.subscribe(CHANGE_TOPICS.grantRevoked, (grantId) => {
          revoked.set(grantId, clock.now());
        }),
        store.changes.subscribe(CHANGE_TOPICS.accountChanged, tick),
      ];
      unsubscribe = () => {
        for (const stop of stops) stop();
      };
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}
