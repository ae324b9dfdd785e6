import type { ChangeFeed, Clock } from '@gatehouse/core';

/** One row of the `store_changes` table. */
export interface ChangeRow {
  readonly id: number;
  readonly topic: string;
  readonly payload: string;
}

/** What an adapter provides for a change feed: its `store_changes` table and a wake-up signal. */
export interface ChangeSource {
  append(topic: string, payload: string, now: number): Promise<void>;
  /** Rows with `id > after`, oldest first. */
  after(after: number): Promise<readonly ChangeRow[]>;
  latestId(): Promise<number>;
  purgeBefore(at: number): Promise<void>;
  /**
   * False when nothing can have been published by another process since the last call (SQLite's
   * `PRAGMA data_version`), so the poll can skip its query. Absent = always poll.
   */
  mayHaveChanged?(): boolean;
  /** Calls `wake` when another node published (PostgreSQL NOTIFY); returns the stop function. */
  watch?(wake: () => void): () => void;
}

export interface PolledFeedOptions {
  readonly clock: Clock;
  /** How often to look for changes without a wake-up (SQLite 250 ms; PostgreSQL backstop 1 s). */
  readonly pollMs: number;
  /** The newest change id when the store opened (`source.latestId()`): later ones are delivered. */
  readonly startAfter: number;
}

export interface ClosableChangeFeed extends ChangeFeed {
  close(): Promise<void>;
}

const MAX_PAYLOAD = 1000;
/**
 * Ids are taken when a transaction inserts, but become visible when it commits, so on
 * PostgreSQL a lower id can appear after a higher one was read. Ids seen in the last 2 s are
 * re-read rather than passed over; a gap older than that is given up (the caches' periodic
 * refresh covers it).
 */
const GAP_GRACE_MS = 2_000;
/** Change rows are hints for live caches: an hour is plenty, then they are deleted. */
const RETAIN_MS = 3_600_000;
const PURGE_EVERY_MS = 10 * 60_000;

/** A `ChangeFeed` over an adapter's `store_changes` table, polled and woken. */
export function createPolledChangeFeed(
  source: ChangeSource,
  options: PolledFeedOptions,
): ClosableChangeFeed {
  const { clock } = options;
  const listeners = new Map<string, Set<(payload: string) => void>>();
  const delivered = new Map<number, number>();
  let floor = options.startAfter;
  let lastPurge = clock.now();
  let inFlight: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const dispatch = (row: ChangeRow) => {
    for (const listener of listeners.get(row.topic) ?? []) {
      try {
        listener(row.payload);
      } catch {
        // A failing subscriber must not starve the others; each one handles its own errors.
      }
    }
  };

  const pollOnce = async (): Promise<void> => {
    const now = clock.now();
    for (const row of await source.after(floor)) {
      if (delivered.has(row.id)) continue;
      delivered.set(row.id, now);
      dispatch(row);
    }
    for (const [id, seenAt] of delivered) {
      if (seenAt > now - GAP_GRACE_MS) continue;
      floor = Math.max(floor, id);
      delivered.delete(id);
    }
    if (now - lastPurge >= PURGE_EVERY_MS) {
      lastPurge = now;
      await source.purgeBefore(now - RETAIN_MS);
    }
  };

  /** Runs one poll at a time; a poll asked for meanwhile runs right after (nothing is missed). */
  const poll = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (inFlight !== undefined) {
      again = true;
      return inFlight;
    }
    inFlight = pollOnce()
      // The store may be unreachable for a while: the next tick tries again.
      .catch(() => undefined)
      .finally(() => {
        inFlight = undefined;
        if (again) {
          again = false;
          void poll();
        }
      });
    return inFlight;
  };

  const timer = setInterval(() => {
    if (delivered.size === 0 && source.mayHaveChanged?.() === false) return;
    void poll();
  }, options.pollMs);
  timer.unref();
  const stopWatching = source.watch?.(() => void poll());
  void poll();

  return {
    async publish(topic, payload) {
      if (payload.length > MAX_PAYLOAD) {
        throw new RangeError(`change payload longer than ${MAX_PAYLOAD} characters (${topic})`);
      }
      await source.append(topic, payload, clock.now());
      // This process's subscribers learn at once, without waiting for a tick.
      void poll();
    },
    subscribe(topic, listener) {
      let set = listeners.get(topic);
      if (set === undefined) listeners.set(topic, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    async close() {
      closed = true;
      clearInterval(timer);
      stopWatching?.();
      await inFlight;
    },
  };
}
