import { Agent, request } from 'node:http';
import { median, percentile } from './stats.ts';

/** One side of an interleaved latency comparison. */
export interface LatencyTarget {
  readonly name: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface InterleavedLatency {
  /** Calls measured per target (the two counts differ by at most one). */
  readonly calls: number;
  readonly p50Ms: readonly [number, number];
  readonly p99Ms: readonly [number, number];
  /** Median over consecutive pairs of (second target's latency − first's). */
  readonly pairedMedianMs: number;
}

/** One POST on a keep-alive socket; resolves with its latency once the whole answer is read. */
function timedCall(target: LatencyTarget, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      target.url,
      { method: 'POST', headers: target.headers, agent, timeout: 10_000 },
      (res) => {
        res.on('data', () => undefined);
        res.once('error', reject);
        res.once('end', () => {
          if (res.statusCode !== 200) {
            reject(new Error(`${target.name}: answered ${res.statusCode ?? 0}, expected 200`));
          } else {
            resolve(performance.now() - started);
          }
        });
      },
    );
    req.once('timeout', () => req.destroy(new Error(`${target.name}: no answer within 10 s`)));
    req.once('error', reject);
    req.end(target.body);
  });
}

/**
 * Concurrency 1, but the two targets take turns call by call (a, b, b, a, a, b, …), each over
 * its own keep-alive connection. A burst of other load on a shared machine then slows both
 * sides alike instead of one side's whole round, so a difference far smaller than the
 * round-to-round spread of separate runs can be read: the number a latency goal needs.
 */
export async function interleavedLatency(
  targets: readonly [LatencyTarget, LatencyTarget],
  durationSeconds: number,
  warmupCalls = 200,
): Promise<InterleavedLatency> {
  const agents = [
    new Agent({ keepAlive: true, maxSockets: 1 }),
    new Agent({ keepAlive: true, maxSockets: 1 }),
  ] as const;
  const samples: [number[], number[]] = [[], []];
  const differences: number[] = [];
  try {
    const call = (side: 0 | 1) => timedCall(targets[side], agents[side]);
    for (let i = 0; i < warmupCalls; i++) await call(i % 2 === 0 ? 0 : 1);
    const until = performance.now() + durationSeconds * 1000;
    for (let pair = 0; performance.now() < until; pair++) {
      // a b, b a, a b, …: neither side always follows the other's answer.
      let zero: number;
      let one: number;
      if (pair % 2 === 0) {
        zero = await call(0);
        one = await call(1);
      } else {
        one = await call(1);
        zero = await call(0);
      }
      samples[0].push(zero);
      samples[1].push(one);
      differences.push(one - zero);
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  return {
    calls: samples[0].length,
    p50Ms: [percentile(samples[0], 50), percentile(samples[1], 50)],
    p99Ms: [percentile(samples[0], 99), percentile(samples[1], 99)],
    pairedMedianMs: median(differences),
  };
}
