import type { BenchContext, Row } from './benchmark.ts';
import type { RunningServer } from './lib/child-server.ts';
import { httpRequest } from './lib/http.ts';
import { assertNoErrors, runLoad, type LoadResult } from './lib/load.ts';
import { ratio } from './lib/stats.ts';
import { ECHO_EXPECTED, type PreparedRequest } from './mcp-requests.ts';

/** A server and the request to load it with. */
export interface LoadTarget {
  readonly server: RunningServer;
  readonly request: PreparedRequest;
}

/** Both sides of one comparison: the median round of each (by req/s) and every round's rate. */
export interface Comparison {
  readonly ours: LoadResult;
  readonly baseline: LoadResult;
  readonly oursRounds: readonly number[];
  readonly baselineRounds: readonly number[];
}

/** Sends the request once and throws unless the answer is 200 and carries the echo text. */
export async function verifyEcho({ server, request }: LoadTarget): Promise<void> {
  const response = await httpRequest(`${server.origin}/mcp`, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  if (response.status !== 200 || !response.body.includes(ECHO_EXPECTED)) {
    throw new Error(
      `${server.name}: tools/call answered ${response.status}, expected 200 with "${ECHO_EXPECTED}":\n` +
        response.body.slice(0, 500),
    );
  }
}

/** One error-free load run; any non-2xx, connection error or timeout throws. */
async function load(
  { server, request }: LoadTarget,
  connections: number,
  durationSeconds: number,
  what: string,
): Promise<LoadResult> {
  const result = await runLoad({
    url: `${server.origin}/mcp`,
    headers: request.headers,
    body: request.body,
    connections,
    durationSeconds,
  });
  assertNoErrors(result, `${server.name}, c=${connections}, ${what}`);
  if (server.child.exitCode !== null) throw new Error(`${server.name} exited during the run`);
  return result;
}

/** The round with the median req/s (rounds are odd in number or the upper middle is taken). */
function medianRound(rounds: readonly LoadResult[]): LoadResult {
  const ordered = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const middle = ordered[Math.floor(ordered.length / 2)];
  if (middle === undefined) throw new Error('no rounds');
  return middle;
}

/**
 * Warms both servers up (discarded, but error-free too), then runs `context.rounds` measured
 * rounds, alternating which server goes first, so a burst of other load on the machine hits
 * one round of each rather than one side's whole measurement. The median round counts.
 */
export async function compareThroughput(
  context: BenchContext,
  ours: LoadTarget,
  baseline: LoadTarget,
  connections: number,
): Promise<Comparison> {
  context.log(
    `  c=${connections}: ${context.warmupSeconds} s warm-up, then ${context.rounds} × ` +
      `${context.durationSeconds} s per server`,
  );
  await load(baseline, connections, context.warmupSeconds, 'warm-up');
  await load(ours, connections, context.warmupSeconds, 'warm-up');
  const oursRounds: LoadResult[] = [];
  const baselineRounds: LoadResult[] = [];
  for (let round = 1; round <= context.rounds; round++) {
    const order = round % 2 === 1 ? [baseline, ours] : [ours, baseline];
    for (const target of order) {
      const result = await load(target, connections, context.durationSeconds, `round ${round}`);
      (target === ours ? oursRounds : baselineRounds).push(result);
      context.log(
        `    round ${round} ${target.server.name}: ${Math.round(result.requestsPerSecond)} req/s, ` +
          `p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms`,
      );
    }
  }
  return {
    ours: medianRound(oursRounds),
    baseline: medianRound(baselineRounds),
    oursRounds: oursRounds.map((r) => r.requestsPerSecond),
    baselineRounds: baselineRounds.map((r) => r.requestsPerSecond),
  };
}

/** A throughput goal: at least `ratio` × the baseline's req/s. */
export interface ThroughputGoal {
  readonly ratio: number;
  /** Short baseline name for the goal column, e.g. `bare`. */
  readonly baseline: string;
}

/** The goal for tools/call: at least half the bare node:http server's rate. */
export const BARE_GOAL: ThroughputGoal = { ratio: 0.5, baseline: 'bare' };

/** Rows for one concurrency: req/s (with the goal), p50 and p99 latency. */
export function throughputRows(
  connections: number,
  { ours, baseline }: Comparison,
  goal: ThroughputGoal = BARE_GOAL,
): Row[] {
  const r = ratio(ours.requestsPerSecond, baseline.requestsPerSecond);
  return [
    {
      metric: `throughput, c=${connections}`,
      unit: 'req/s',
      value: ours.requestsPerSecond,
      baseline: baseline.requestsPerSecond,
      goal: { text: `≥ ${goal.ratio}× ${goal.baseline}`, met: r >= goal.ratio },
    },
    {
      metric: `latency p50, c=${connections}`,
      unit: 'ms',
      value: ours.p50Ms,
      baseline: baseline.p50Ms,
    },
    {
      metric: `latency p99, c=${connections}`,
      unit: 'ms',
      value: ours.p99Ms,
      baseline: baseline.p99Ms,
    },
  ];
}

/** `c=50: 4,210 / 4,390 / 4,302 req/s vs bare 31,020 / …` for the method notes. */
export function roundsNote(
  connections: number,
  comparison: Comparison,
  baselineName = 'bare',
): string {
  const list = (rates: readonly number[]) =>
    rates.map((r) => Math.round(r).toLocaleString('en-US')).join(' / ');
  return (
    `c=${connections} rounds: template ${list(comparison.oursRounds)} req/s; ` +
    `${baselineName} ${list(comparison.baselineRounds)} req/s.`
  );
}
