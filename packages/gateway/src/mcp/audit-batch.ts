import type { RecordPut, RecordRepository } from '@gatehouse/core';

/** A transaction holds at most this many audit records; a bigger backlog takes several. */
const MAX_BATCH = 512;

interface Pending {
  readonly record: RecordPut;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Group commit of audit records: `put` resolves once its record is committed. */
export interface AuditBatcher {
  put(record: RecordPut): Promise<void>;
  /** Commits everything queued; later puts are written one by one. Call before the store closes. */
  close(): Promise<void>;
}

/**
 * Records put in the same turn of the event loop are committed together, at `setImmediate`, in
 * one `putMany` transaction; records put while a commit is running go in the next one. A call
 * alone is committed at once (no timer to wait for: an unloaded call pays no latency), and under
 * load one commit serves many calls (issue 18). Backpressure: every caller awaits its own commit,
 * so a slow store slows the calls down rather than letting the queue grow past the calls in
 * flight (gateways.md M3).
 */
export function createAuditBatcher(records: RecordRepository): AuditBatcher {
  let queue: Pending[] = [];
  let running: Promise<void> | undefined;
  let scheduled = false;
  let closed = false;

  const commit = async (batch: readonly Pending[]): Promise<void> => {
    try {
      await records.putMany(batch.map((p) => p.record));
      for (const p of batch) p.resolve();
    } catch (error) {
      if (batch.length === 1 || !isInvalidValue(error)) {
        for (const p of batch) p.reject(error);
        return;
      }
      // One value the store refuses must not fail the other calls of its batch.
      await Promise.all(batch.map((p) => putOne(records, p)));
    }
  };

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      await commit(batch);
    }
  };

  const schedule = (): void => {
    if (scheduled || running !== undefined) return; // a running drain takes new records too
    scheduled = true;
    setImmediate(run);
  };

  function run(): void {
    scheduled = false;
    if (running !== undefined) return;
    running = drain().finally(() => {
      running = undefined;
      // Put between the drain's last look at the queue and now: the next commit takes it.
      if (queue.length > 0) schedule();
    });
  }

  return {
    put(record) {
      if (closed) return records.put(record.kind, record.key, record.value, record.expiresAt);
      return new Promise<void>((resolve, reject) => {
        queue.push({ record, resolve, reject });
        schedule();
      });
    },
    async close() {
      closed = true;
      while (running !== undefined || queue.length > 0) {
        if (running === undefined) run();
        await running;
      }
    },
  };
}

function putOne(records: RecordRepository, p: Pending): Promise<void> {
  const { kind, key, value, expiresAt } = p.record;
  return records.put(kind, key, value, expiresAt).then(p.resolve, p.reject);
}

const isInvalidValue = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: unknown }).code === 'ERR_STORE_INVALID';
