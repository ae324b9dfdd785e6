import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { benchAccount } from '../gateway/account.ts';
import {
  startGatewayProcess,
  withGatewayOutput,
  type GatewayProcess,
} from '../gateway/gateway-process.ts';
import { startServer, type RunningServer } from '../lib/child-server.ts';
import { ratio } from '../lib/stats.ts';
import { obtainAccessToken } from '../mcp-gateway/access-token.ts';
import { modernEchoCall } from '../mcp-requests.ts';
import { compareThroughput, verifyEcho, type Comparison, type LoadTarget } from '../throughput.ts';

// Issue 16's benchmark: the cost of the MCP traffic inspector. Two routes of ONE gateway
// process in front of the same template, identical but for `inspect: true`, loaded in the same
// run (alternating rounds): capture on vs capture off.

const CONCURRENCIES = [1, 50] as const;
/** The goals: ≤ 10% throughput cost (c=50) and ≤ 0.1 ms added p50 (c=1). */
const GOAL_RATIO = 0.9;
const GOAL_ADDED_P50_MS = 0.1;
const OFF = 'plain';
const ON = 'inspected';

function routesYaml(templateOrigin: string, email: string, ttl: number): string {
  const route = (name: string, inspect: boolean) => `  - from: http://${name}.localhost:{{port}}
    to: ${templateOrigin}
    mcp: { server: { inspect: ${inspect} } }
    allowed_users: [${email}]
`;
  return `${route(OFF, false)}${route(ON, true)}oauth:\n  access_token_ttl: ${ttl}s\n`;
}

function rowsFor(c: number, { ours, baseline }: Comparison): Row[] {
  const added = ours.p50Ms - baseline.p50Ms;
  const r = ratio(ours.requestsPerSecond, baseline.requestsPerSecond);
  return [
    {
      metric: `throughput, c=${c}`,
      unit: 'req/s',
      value: ours.requestsPerSecond,
      baseline: baseline.requestsPerSecond,
      ...(c === 50 && { goal: { text: `≥ ${GOAL_RATIO}× capture off`, met: r >= GOAL_RATIO } }),
    },
    { metric: `latency p50, c=${c}`, unit: 'ms', value: ours.p50Ms, baseline: baseline.p50Ms },
    {
      metric: `added p50, c=${c}`,
      unit: 'ms',
      value: added,
      ...(c === 1 && {
        goal: { text: `≤ ${GOAL_ADDED_P50_MS} ms`, met: added <= GOAL_ADDED_P50_MS },
      }),
    },
  ];
}

async function target(
  gateway: GatewayProcess,
  route: string,
  credentials: { email: string; password: string },
): Promise<LoadTarget> {
  const issued = await obtainAccessToken({
    authOrigin: `http://${gateway.host('auth')}`,
    resource: `http://${gateway.host(route)}/mcp`,
    credentials,
  });
  const request = modernEchoCall();
  const server: RunningServer = {
    name: `capture ${route === ON ? 'on' : 'off'}`,
    port: gateway.port,
    origin: `http://127.0.0.1:${gateway.port}`,
    child: gateway.child,
    output: () => gateway.output(),
    stop: () => gateway.stop(),
  };
  return {
    server,
    request: {
      headers: {
        ...request.headers,
        host: gateway.host(route),
        authorization: `Bearer ${issued.accessToken}`,
      },
      body: request.body,
    },
  };
}

export const mcpInspect: Benchmark = {
  id: 'mcp-inspect',
  title: 'gateway: MCP tools/call with the traffic inspector capturing vs not (same process)',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-inspect-'));
    const stops: (() => Promise<void>)[] = [];
    try {
      const template = await startServer(context.template(0));
      stops.push(() => template.stop());
      const account = benchAccount();
      const gateway = await startGatewayProcess({
        dir,
        routesYaml: routesYaml(template.origin, account.email, 4 * 3_600),
        account,
      });
      stops.push(() => gateway.stop());
      const rows: Row[] = [];
      const notes: string[] = [];
      try {
        const off = await target(gateway, OFF, account);
        const on = await target(gateway, ON, account);
        await verifyEcho(off);
        await verifyEcho(on);
        for (const c of CONCURRENCIES) {
          const comparison = await compareThroughput(context, on, off, c);
          rows.push(...rowsFor(c, comparison));
          notes.push(
            `c=${c} rounds (req/s): capture off ${comparison.baselineRounds.map(Math.round).join(' / ')}; ` +
              `capture on ${comparison.oursRounds.map(Math.round).join(' / ')}.`,
          );
        }
      } catch (error) {
        throw withGatewayOutput(gateway, error);
      }
      return {
        baselineLabel: 'capture off',
        rows,
        notes: [
          'Two routes of one `gatehouse serve` process in front of the same template, identical ' +
            'but for `mcp: { server: { inspect: true } }`; each with its own access token. ' +
            'Request: `tools/call echo`, 2026-07-28 era (`bench/src/mcp-requests.ts`). The ' +
            'captured route masks and stores every exchange in its ring (default 500, 256 KiB ' +
            'per body). Capture is the same code for tunnel routes (always captured); the tunnel ' +
            'transport itself is measured by tunnel-forward.',
          'Alternating rounds, median round shown (as mcp-gateway). Goals from issue 16: ≤ 10% ' +
            'throughput cost at c=50, ≤ 0.1 ms added p50 at c=1.',
          ...notes,
        ],
      };
    } finally {
      for (const stop of stops.reverse()) await stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
