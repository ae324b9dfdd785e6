import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();

function runWorker(worker: Worker): Promise<string[]> {
  return new Promise((resolve, reject) => {
    worker.once('message', (got: string[]) => resolve(got));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code} before reporting`)));
  });
}

// Single-connection consumers are serialised by the event loop and prove nothing about atomicity;
// worker threads on their own connections really race (a get-then-delete consume fails this).
describe('sqlite records.consume concurrency', () => {
  it('hands each record to exactly one of 8 worker threads racing on separate connections', async () => {
    const file = path.join(await tempDir(), 'g.db');
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
    const setup = await openSqliteStore(file);
    for (const key of keys) await setup.records.put('once', key, key, null);
    await setup.close();

    const barrier = new SharedArrayBuffer(8);
    const flags = new Int32Array(barrier);
    const url = new URL('./fixtures/consume-worker.ts', import.meta.url);
    const workers = Array.from(
      { length: 8 },
      () => new Worker(url, { workerData: { file, keys, barrier } }),
    );
    const results = workers.map(runWorker);
    while (Atomics.load(flags, 0) < workers.length) await sleep(5);
    Atomics.store(flags, 1, 1);
    Atomics.notify(flags, 1);
    const got = (await Promise.all(results)).flat();

    expect(got.toSorted()).toEqual(keys.toSorted());
  }, 30_000);
});
