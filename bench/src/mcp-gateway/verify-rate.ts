import { setImmediate as yieldToLoop } from 'node:timers/promises';

// Timing of an async operation run one at a time (each awaited before the next starts), so at
// most one core works on it at any moment even where the work runs off the main thread: jose's
// ES256 check runs on WebCrypto, which Node executes on its libuv thread pool.

/** How many operations between two reads of the clock. */
const CHECK_EVERY = 64;

export interface Batch {
  readonly operations: number;
  readonly elapsedNs: number;
  /** User + system CPU time of the whole process (every thread) during the batch. */
  readonly cpuMicros: number;
}

/** Runs `step` back to back for about `seconds`; a step that throws ends the batch with it. */
export async function timeBatch(step: () => Promise<void>, seconds: number): Promise<Batch> {
  // Let timers due meanwhile run first (the revocation cache's poll): a cached verification
  // never leaves the microtask queue, so the loop below starves them.
  await yieldToLoop();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let operations = 0;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < CHECK_EVERY; i++) await step();
    operations += CHECK_EVERY;
    now = process.hrtime.bigint();
  }
  const used = process.cpuUsage(cpu);
  return {
    operations,
    elapsedNs: Number(now - start),
    cpuMicros: used.user + used.system,
  };
}

/** A step that goes round `items` in order, one per call. */
export function cycle<T>(
  items: readonly T[],
  use: (item: T) => Promise<void>,
): () => Promise<void> {
  if (items.length === 0) throw new Error('cycle of no items');
  let i = 0;
  return () => {
    const item = items[i] as T;
    i = (i + 1) % items.length;
    return use(item);
  };
}
