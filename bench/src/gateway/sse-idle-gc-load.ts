import path from 'node:path';
import type { BenchContext } from '../benchmark.ts';
import { gcStats, GC_STATS_ARGS, GC_STATS_ENV } from '../lib/gc-stats.ts';
import { assertNoErrors, runLoad } from '../lib/load.ts';
import { median } from '../lib/stats.ts';
import { cpuMs } from './cpu-per-call.ts';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.ts';
import { startUpstream } from './upstream.ts';

// The price of the young-generation cap (packages/cli/src/young-generation.ts) under load: two
// gateways side by side, one as `gatehouse serve` runs by default (capped), one with
// --max-semi-space-size=64 (Node 24's own sizing), serving the same proxied GETs in alternating
// rounds; their garbage collections are counted inside each process (gc-stats-hook.ts).

export const GC_LOAD_CONNECTIONS = 50;
export const UNCAPPED_ARGS: readonly string[] = ['--max-semi-space-size=64'];

/** Medians over the rounds. */
export interface GcLoad {
  readonly label: string;
  readonly requestsPerSecond: number;
  readonly cpuUsPerGet: number;
  /** Microseconds of garbage-collection pauses per GET (all kinds; wall time). */
  readonly gcUsPerGet: number;
  readonly minorPer1000: number;
  /** The young generation's semi-space after the last round, MiB. */
  readonly semiSpaceMB: number;
}

interface Side {
  readonly label: string;
  readonly gateway: GatewayProcess;
  readonly gcFile: string;
  readonly rounds: { rps: number[]; cpu: number[]; gc: number[]; minor: number[] };
  semiSpaceMB: number;
}

const ROUTE = (up: number) => `  - from: http://open.localhost:{{port}}
    to: http://127.0.0.1:${up}
    allow_public_unauthenticated_access: true
`;

async function round(side: Side, seconds: number, measured: boolean): Promise<void> {
  const { gateway } = side;
  const before = await gcStats(gateway.pid, side.gcFile);
  const cpuBefore = await cpuMs(gateway.pid);
  const result = await runLoad({
    url: `http://127.0.0.1:${gateway.port}/`,
    headers: { host: gateway.host('open') },
    connections: GC_LOAD_CONNECTIONS,
    durationSeconds: seconds,
  });
  const cpuAfter = await cpuMs(gateway.pid);
  const after = await gcStats(gateway.pid, side.gcFile);
  assertNoErrors(result, `GC load, ${side.label}`);
  if (!measured) return;
  const gets = result.completed;
  side.rounds.rps.push(result.requestsPerSecond);
  side.rounds.cpu.push(((cpuAfter - cpuBefore) * 1000) / gets);
  side.rounds.gc.push(((after.ms - before.ms) * 1000) / gets);
  side.rounds.minor.push(((after.minor - before.minor) * 1000) / gets);
  side.semiSpaceMB = after.semiSpaceMB;
}

/** Both gateways up at once; `context.rounds` alternating rounds of GETs after a warm-up each. */
export async function gcTradeOff(context: BenchContext, dir: string): Promise<GcLoad[]> {
  const upstream = await startUpstream();
  const sides: Side[] = [];
  try {
    for (const [label, nodeArgs] of [
      ['capped (default)', []],
      ['semi-space 64', UNCAPPED_ARGS],
    ] as const) {
      const gcFile = path.join(dir, `gc-${sides.length}.json`);
      const gateway = await startGatewayProcess({
        dir: path.join(dir, `gc-${sides.length}`),
        routesYaml: ROUTE(upstream.port),
        nodeArgs: [...GC_STATS_ARGS, ...nodeArgs],
        env: { [GC_STATS_ENV]: gcFile },
      });
      sides.push({
        label,
        gateway,
        gcFile,
        rounds: { rps: [], cpu: [], gc: [], minor: [] },
        semiSpaceMB: 0,
      });
    }
    context.log(
      `  GC under load: ${context.rounds} alternating rounds of ${context.durationSeconds} s`,
    );
    for (const side of sides) await round(side, context.warmupSeconds, false);
    for (let r = 0; r < context.rounds; r++) {
      for (let k = 0; k < sides.length; k++) {
        const side = sides[(r + k) % sides.length];
        if (side !== undefined) await round(side, context.durationSeconds, true);
      }
    }
    return sides.map((s) => ({
      label: s.label,
      requestsPerSecond: median(s.rounds.rps),
      cpuUsPerGet: median(s.rounds.cpu),
      gcUsPerGet: median(s.rounds.gc),
      minorPer1000: median(s.rounds.minor),
      semiSpaceMB: s.semiSpaceMB,
    }));
  } finally {
    for (const side of sides) await side.gateway.stop();
    await upstream.stop();
  }
}
