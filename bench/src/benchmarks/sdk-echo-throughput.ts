import { modernThroughput } from './modern-throughput.ts';

/**
 * The template against the MCP SDK v2 alone, serving the same tool the same way. Separates what
 * Gatehouse adds (app-kit, guards, CORS, logging, widget registry) from what the SDK costs.
 */
export const sdkEchoThroughput = modernThroughput({
  id: 'sdk-echo-throughput',
  title: 'tools/call echo throughput against the bare MCP SDK v2 (2026-07-28)',
  baselineLabel: 'bare MCP SDK v2',
  baseline: (context) => context.sdk,
  goal: { ratio: 0.8, baseline: 'SDK' },
  notes: () => [
    'Baseline: `bench/src/baselines/sdk-echo-server.ts`, the official SDK v2 (`createMcpHandler` ' +
      'with a fresh `McpServer` per request, `toNodeHandler`) serving the same zod-validated echo ' +
      'tool, with nothing of Gatehouse in front. Same request and method as the benchmark above.',
    'Goal (ours, not the issue’s): the template adds at most 20% over the SDK it is built on.',
  ],
});
