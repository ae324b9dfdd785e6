import { createRequire } from 'node:module';
import type { LoadResult } from '../lib/load.ts';
import { percentileOfSorted, sorted } from '../lib/stats.ts';

// lib/load.ts always POSTs a body; the proxy benchmark needs plain GETs with a Host and a Cookie
// header. Same measurement otherwise: keep-alive, no pipelining, latency per response.

interface AutocannonOptions {
  readonly url: string;
  readonly method: 'GET';
  readonly headers: Readonly<Record<string, string>>;
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

export interface GetLoadOptions {
  /** `http://127.0.0.1:<port>/path`: the connection goes here, whatever `headers.host` says. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly connections: number;
  readonly durationSeconds: number;
}

/** GETs `url` over `connections` keep-alive connections for the duration; see lib/load.ts. */
export function runGetLoad(options: GetLoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: 'GET',
        headers: options.headers,
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
