import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { startServers } from '../lib/child-server.ts';
import { modernEchoCall } from '../mcp-requests.ts';
import {
  compareThroughput,
  roundsNote,
  throughputRows,
  verifyEcho,
  type LoadTarget,
} from '../throughput.ts';

const CONCURRENCIES = [1, 50] as const;

/**
 * The template against the MCP SDK v2 alone, serving the same tool the same way. Separates what
 * Gatehouse adds (app-kit, guards, CORS, logging, widget registry) from what the SDK costs.
 */
export const sdkEchoThroughput: Benchmark = {
  id: 'sdk-echo-throughput',
  title: 'tools/call echo throughput against the bare MCP SDK v2 (2026-07-28)',
  async run(context: BenchContext) {
    const request = modernEchoCall();
    const [template, sdk] = await startServers([context.template(0), context.sdk(0)]);
    if (template === undefined || sdk === undefined) throw new Error('servers did not start');
    try {
      const ours: LoadTarget = { server: template, request };
      const baseline: LoadTarget = { server: sdk, request };
      await verifyEcho(ours);
      await verifyEcho(baseline);
      const rows: Row[] = [];
      const rounds: string[] = [];
      for (const connections of CONCURRENCIES) {
        const comparison = await compareThroughput(context, ours, baseline, connections);
        rows.push(...throughputRows(connections, comparison, { ratio: 0.8, baseline: 'SDK' }));
        rounds.push(roundsNote(connections, comparison, 'SDK'));
      }
      return {
        baselineLabel: 'bare MCP SDK v2',
        rows,
        notes: [
          'Baseline: `bench/src/baselines/sdk-echo-server.ts`, the official SDK v2 (`createMcpHandler` ' +
            'with a fresh `McpServer` per request, `toNodeHandler`) serving the same zod-validated echo ' +
            'tool, with nothing of Gatehouse in front. Same request, same method as the benchmark above.',
          'Goal (ours, not the issue’s): Gatehouse’s template adds at most 20% over the SDK it is built on.',
          ...rounds,
        ],
      };
    } finally {
      await Promise.all([template.stop(), sdk.stop()]);
    }
  },
};
