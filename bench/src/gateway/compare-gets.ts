import type { ChildProcess } from 'node:child_process';
import type { BenchContext } from '../benchmark.ts';
import { httpRequest } from '../lib/http.ts';
import { assertNoErrors, runLoad, type LoadResult } from '../lib/load.ts';

/** One way to reach the upstream: directly, through the gateway, through nginx. */
export interface GetTarget {
  readonly name: string;
  readonly port: number;
  /** Sent with every request: `host`, and the session `cookie` for the gateway. */
  readonly headers: Readonly<Record<string, string>>;
  /** The process that must stay up for the numbers to count (the proxy, or the upstream). */
  readonly process: ChildProcess;
}

/** The median round (by req/s) and every round's rate. */
export interface Measured {
  readonly median: LoadResult;
  readonly rounds: readonly number[];
}

/** Throws unless `GET /` answers `status` (and, for 200, exactly `body`). */
export async function verifyGet(
  target: GetTarget,
  expected: { readonly status: readonly number[]; readonly body?: string },
  headers: Readonly<Record<string, string>> = target.headers,
): Promise<void> {
  const response = await httpRequest(`http://127.0.0.1:${target.port}/`, { headers });
  const statusOk = expected.status.includes(response.status);
  if (!statusOk || (expected.body !== undefined && response.body !== expected.body)) {
    throw new Error(
      `${target.name}: GET / answered ${response.status}, expected ${expected.status.join(' or ')}` +
        `${expected.body === undefined ? '' : ` with ${JSON.stringify(expected.body)}`}:\n` +
        response.body.slice(0, 300),
    );
  }
}

async function load(
  target: GetTarget,
  connections: number,
  seconds: number,
  what: string,
): Promise<LoadResult> {
  const result = await runLoad({
    url: `http://127.0.0.1:${target.port}/`,
    headers: target.headers,
    connections,
    durationSeconds: seconds,
  });
  assertNoErrors(result, `${target.name}, c=${connections}, ${what}`);
  if (target.process.exitCode !== null) throw new Error(`${target.name} exited during the run`);
  return result;
}

function medianRound(rounds: readonly LoadResult[]): LoadResult {
  const ordered = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const middle = ordered[Math.floor(ordered.length / 2)];
  if (middle === undefined) throw new Error('no rounds');
  return middle;
}

/**
 * A warm-up of each target (discarded, error-free too), then `context.rounds` rounds in which
 * every target runs once, the first one rotating, so a burst of other load on the machine hits
 * one round of each rather than one target's whole measurement. The median round counts.
 */
export async function compareGets(
  context: BenchContext,
  targets: readonly GetTarget[],
  connections: number,
): Promise<Map<GetTarget, Measured>> {
  context.log(
    `  c=${connections}: ${context.warmupSeconds} s warm-up, then ${context.rounds} × ` +
      `${context.durationSeconds} s per target`,
  );
  for (const target of targets) await load(target, connections, context.warmupSeconds, 'warm-up');
  const results = new Map<GetTarget, LoadResult[]>(targets.map((t) => [t, []]));
  for (let round = 0; round < context.rounds; round++) {
    for (let k = 0; k < targets.length; k++) {
      const target = targets[(round + k) % targets.length];
      if (target === undefined) continue;
      const result = await load(target, connections, context.durationSeconds, `round ${round + 1}`);
      results.get(target)?.push(result);
      context.log(
        `    round ${round + 1} ${target.name}: ${Math.round(result.requestsPerSecond)} req/s, ` +
          `p50 ${result.p50Ms.toFixed(3)} ms, p99 ${result.p99Ms.toFixed(3)} ms`,
      );
    }
  }
  const measured = new Map<GetTarget, Measured>();
  for (const [target, rounds] of results) {
    measured.set(target, {
      median: medianRound(rounds),
      rounds: rounds.map((r) => r.requestsPerSecond),
    });
  }
  return measured;
}
