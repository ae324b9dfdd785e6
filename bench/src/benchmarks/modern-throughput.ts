import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { startServers, type ServerCommand } from '../lib/child-server.ts';
import { modernEchoCall } from '../mcp-requests.ts';
import {
  compareThroughput,
  roundsNote,
  throughputRows,
  verifyEcho,
  type LoadTarget,
  type ThroughputGoal,
} from '../throughput.ts';

const CONCURRENCIES = [1, 50] as const;

export interface ModernThroughputSpec {
  readonly id: string;
  readonly title: string;
  /** Column header of the baseline, e.g. `bare node:http`. */
  readonly baselineLabel: string;
  readonly baseline: (context: BenchContext) => (port: number) => ServerCommand;
  readonly goal: ThroughputGoal;
  /** Method notes before the per-round figures. */
  readonly notes: (context: BenchContext) => readonly string[];
}

/**
 * The template against a baseline server, both answering the same stateless 2026-07-28
 * `tools/call echo`, at concurrency 1 and 50.
 */
export function modernThroughput(spec: ModernThroughputSpec): Benchmark {
  return {
    id: spec.id,
    title: spec.title,
    async run(context) {
      const request = modernEchoCall();
      const [template, other] = await startServers([
        context.template(0),
        spec.baseline(context)(0),
      ]);
      if (template === undefined || other === undefined) throw new Error('servers did not start');
      try {
        const ours: LoadTarget = { server: template, request };
        const baseline: LoadTarget = { server: other, request };
        await verifyEcho(ours);
        await verifyEcho(baseline);
        const rows: Row[] = [];
        const rounds: string[] = [];
        for (const connections of CONCURRENCIES) {
          const comparison = await compareThroughput(context, ours, baseline, connections);
          rows.push(...throughputRows(connections, comparison, spec.goal));
          rounds.push(roundsNote(connections, comparison, spec.goal.baseline));
        }
        return {
          baselineLabel: spec.baselineLabel,
          rows,
          notes: [...spec.notes(context), ...rounds],
        };
      } finally {
        await Promise.all([template.stop(), other.stop()]);
      }
    },
  };
}
