import {
  CHANGE_TOPICS,
  GatehouseError,
  systemClock,
  type Clock,
  type Logger,
  type Store,
} from '@gatehouse/core';
import { isStoreUnavailable } from '../../store/unavailable.ts';
import { createRevocationCopy, REVOCATION_REFRESH_FAILED } from './revocation-copy.ts';
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

const DEFAULT_REFRESH_MS = 15_000;
const DEFAULT_RETAIN_MS = 24 * 3_600_000;

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
  const copy = createRevocationCopy({ store, logger, clock, refreshMs, retainMs });
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  const refresh = (): Promise<void> => {
    inFlight ??= copy.poll().finally(() => {
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
      copy.stale();
    });
  };

  return {
    isGrantRevoked: (grantId) => copy.stale() || copy.isRevoked(grantId),
    isUserDisabled: (sub) => copy.stale() || copy.isDisabled(sub),
    outage() {
      const failure = copy.failure();
      return copy.stale() && isStoreUnavailable(failure) ? failure : undefined;
    },
    refresh,
    start() {
      if (timer !== undefined) return;
      tick();
      timer = setInterval(tick, refreshMs);
      timer.unref();
      // A revoked grant is refused at once; a changed account (disabled) triggers a re-read.
      const stops = [
        store.changes.subscribe(CHANGE_TOPICS.grantRevoked, (grantId) => copy.markRevoked(grantId)),
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
