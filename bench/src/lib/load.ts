import { createRequire } from 'node:module';
import { percentileOfSorted, sorted } from './stats.ts';

// autocannon ships no types; these describe the part of its API we use (v8/v9).
interface AutocannonOptions {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly connections: number;
  readonly duration: number;
  readonly pipelining: number;
  readonly timeout: number;
}
interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly duration: number;
  readonly statusCodeStats: Readonly<Record<string, { readonly count: number }>>;
}
interface AutocannonInstance {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void,
  ): this;
}
type Autocannon = (
  options: AutocannonOptions,
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A POST body; without one the load is plain GETs. */
  readonly body?: string;
  readonly connections: number;
  readonly durationSeconds: number;
}

export interface LoadResult {
  /** autocannon's figure: mean of the per-second counts of completed requests. */
  readonly requestsPerSecond: number;
  /** Latency percentiles of the 2xx responses, from autocannon's per-response timing (ms). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly completed: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Response count per HTTP status, e.g. `{ "200": 51234 }`. */
  readonly statusCounts: Readonly<Record<string, number>>;
}

/**
 * POSTs the same request (or GETs, without a body) over `connections` keep-alive connections for the duration (no
 * pipelining) and measures throughput and latency. autocannon's own latency histogram has a
 * 1 ms resolution, useless at loopback speeds, so latencies are taken from its per-response
 * event, which carries the hrtime duration in fractional milliseconds.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        headers: options.headers,
        ...(options.body === undefined
          ? { method: 'GET' }
          : { method: 'POST', body: options.body }),
        connections: options.connections,
        duration: options.durationSeconds,
        pipelining: 1,
        timeout: 10,
      },
      (error, result) => {
        if (error !== null) {
          reject(error);
          return;
        }
        const statusCounts: Record<string, number> = {};
        for (const [status, { count }] of Object.entries(result.statusCodeStats)) {
          statusCounts[status] = count;
        }
        const ascending = sorted(latencies);
        resolve({
          requestsPerSecond: result.requests.average,
          p50Ms: ascending.length > 0 ? percentileOfSorted(ascending, 50) : Number.NaN,
          p99Ms: ascending.length > 0 ? percentileOfSorted(ascending, 99) : Number.NaN,
          completed: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCounts,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, ms) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
    });
  });
}

/** Throws when any request failed: a throughput figure that includes errors is not a result. */
export function assertNoErrors(result: LoadResult, what: string): void {
  if (result.non2xx === 0 && result.errors === 0 && result.timeouts === 0 && result.completed > 0) {
    return;
  }
  const statuses = Object.entries(result.statusCounts)
    .map(([status, count]) => `${status}×${count}`)
    .join(', ');
  throw new Error(
    `${what}: ${result.completed} responses, ${result.non2xx} non-2xx (${statuses || 'none'}), ` +
      `${result.errors} connection errors, ${result.timeouts} timeouts`,
  );
}
