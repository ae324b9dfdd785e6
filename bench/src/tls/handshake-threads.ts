import { Worker } from 'node:worker_threads';
import type { LoadOptions, LoadResult } from './handshake.ts';

/**
 * The handshake load spread over `threads` worker threads of the bench process, each running
 * `concurrency` loops, so one client event loop is not what limits the rate. Sums the results.
 */
export async function threadedHandshakeLoad(
  options: LoadOptions,
  threads: number,
): Promise<LoadResult> {
  const one = () =>
    new Promise<LoadResult>((resolve, reject) => {
      const worker = new Worker(new URL('./handshake-worker.ts', import.meta.url), {
        workerData: options,
      });
      worker.once('message', (result: LoadResult) => resolve(result));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`handshake worker exited (${code})`)));
    });
  const results = await Promise.all(Array.from({ length: threads }, one));
  return {
    handshakes: results.reduce((n, r) => n + r.handshakes, 0),
    perSecond: results.reduce((n, r) => n + r.perSecond, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    wrongKind: results.reduce((n, r) => n + r.wrongKind, 0),
    firstError: results.find((r) => r.firstError !== undefined)?.firstError,
  };
}
