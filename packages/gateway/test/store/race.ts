import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { StoreAdapter } from './adapters.ts';

/**
 * Starts `workers` threads, each with its own store on `location`, releases them together and
 * returns every key each one won. Consumers on one connection are serialised by the event loop
 * and prove nothing about atomicity; threads on separate connections really race (a
 * get-then-delete consume fails this).
 */
export async function raceConsumers(
  adapter: StoreAdapter,
  location: string,
  what: 'records' | 'oauth',
  keys: readonly string[],
  workers: number,
): Promise<string[][]> {
  const barrier = new SharedArrayBuffer(8);
  const flags = new Int32Array(barrier);
  const url = new URL('./fixtures/race-worker.ts', import.meta.url);
  const threads = Array.from(
    { length: workers },
    () => new Worker(url, { workerData: { adapter: adapter.name, location, what, keys, barrier } }),
  );
  const results = threads.map(
    (worker) =>
      new Promise<string[]>((resolve, reject) => {
        worker.once('message', (won: string[]) => resolve(won));
        worker.once('error', reject);
        worker.once('exit', (code) =>
          reject(new Error(`worker exited with ${code} before reporting`)),
        );
      }),
  );
  // Polls a shared counter the workers bump once their store is open (a condition, not a delay).
  while (Atomics.load(flags, 0) < workers) await sleep(5);
  Atomics.store(flags, 1, 1);
  Atomics.notify(flags, 1);
  return Promise.all(results);
}
