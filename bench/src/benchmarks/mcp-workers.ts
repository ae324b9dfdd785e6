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
import { busyMachineNotes } from '../lib/load-note.ts';
import { cpuPerRequest, mcpLoad, roundsUs, type CpuPerCall } from '../gateway/cpu-per-call.ts';
import { CPU_ROUND_SECONDS } from '../gateway/cpu-rows.ts';
import { obtainAccessToken } from '../mcp-gateway/access-token.ts';
import { MCP_ROUTE_NAME, mcpRouteYaml } from '../mcp-gateway/route-config.ts';
import { modernEchoCall } from '../mcp-requests.ts';
import { compareThroughput, verifyEcho, type Comparison, type LoadTarget } from '../throughput.ts';

const CONNECTIONS = 50;

/** Seconds of load on each token: it must not expire mid-run. */
function tokenTtlSeconds(context: BenchContext): number {
  return Math.max(3_600, 4 * (context.warmupSeconds + context.rounds * context.durationSeconds));
}

/**
 * `tools/call echo` through `gatehouse serve --workers <n>` with a real access token of that
 * gateway: connections to 127.0.0.1, the route in `Host`.
 */
async function mcpTarget(
  gateway: GatewayProcess,
  name: string,
  account: { email: string; password: string },
): Promise<LoadTarget> {
  const issued = await obtainAccessToken({
    authOrigin: `http://${gateway.host('auth')}`,
    resource: `http://${gateway.host(MCP_ROUTE_NAME)}/mcp`,
    credentials: account,
  });
  const request = modernEchoCall();
  const server: RunningServer = {
    name,
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
        host: gateway.host(MCP_ROUTE_NAME),
        authorization: `Bearer ${issued.accessToken}`,
      },
      body: request.body,
    },
  };
}

/** CPU per call of each gateway, its primary and workers all charged, alternating rounds. */
async function cpuOf(
  context: BenchContext,
  targets: readonly { readonly gateway: GatewayProcess; readonly target: LoadTarget }[],
): Promise<CpuPerCall[]> {
  context.log(`  CPU per call (all processes of each gateway), c=${CONNECTIONS}`);
  return cpuPerRequest(
    context,
    targets.map((t) => ({ pid: t.gateway.pid, load: mcpLoad(t.target), tree: true })),
    CONNECTIONS,
    CPU_ROUND_SECONDS,
  );
}

interface Measured {
  readonly comparison: Comparison;
  /** `[--workers 2, --workers 1]`. */
  readonly cpu: readonly CpuPerCall[];
}

function rowsOf({ comparison: { ours, baseline }, cpu: [two, one] }: Measured): Row[] {
  return [
    {
      metric: `tools/call throughput, --workers 2, c=${CONNECTIONS}`,
      unit: 'req/s',
      value: ours.requestsPerSecond,
      baseline: baseline.requestsPerSecond,
    },
    {
      metric: `tools/call latency p50, --workers 2, c=${CONNECTIONS}`,
      unit: 'ms',
      value: ours.p50Ms,
      baseline: baseline.p50Ms,
    },
    {
      metric: `tools/call latency p99, --workers 2, c=${CONNECTIONS}`,
      unit: 'ms',
      value: ours.p99Ms,
      baseline: baseline.p99Ms,
    },
    ...(two === undefined || one === undefined
      ? []
      : [
          {
            metric: `CPU per call, --workers 2 (all processes), c=${CONNECTIONS}`,
            unit: 'µs' as const,
            value: two.medianUs,
            baseline: one.medianUs,
          },
        ]),
  ];
}

/**
 * MCP `tools/call` at c=50 through `gatehouse serve --workers 2` against `--workers 1`: what the
 * second process buys on the MCP path (token check, policy, audit record, identity assertion),
 * where gateway-workers measures plain proxied GETs.
 */
export const mcpWorkers: Benchmark = {
  id: 'mcp-workers',
  title: 'gateway: MCP tools/call, --workers 2 vs --workers 1 (c=50)',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-mcp-workers-'));
    const stops: (() => Promise<void>)[] = [];
    try {
      const template = await startServer(context.template(0));
      stops.push(() => template.stop());
      const account = benchAccount();
      const start = async (name: string, workers: number): Promise<GatewayProcess> => {
        const gateway = await startGatewayProcess({
          dir: path.join(dir, name),
          routesYaml: mcpRouteYaml(template.origin, account.email, tokenTtlSeconds(context)),
          account,
          serveArgs: ['--workers', String(workers)],
        });
        stops.push(() => gateway.stop());
        return gateway;
      };
      const one = await start('one', 1);
      const two = await start('two', 2);
      let measured: Measured;
      try {
        const oneTarget = await mcpTarget(one, 'gatehouse --workers 1', account);
        const twoTarget = await mcpTarget(two, 'gatehouse --workers 2', account);
        await verifyEcho(oneTarget);
        await verifyEcho(twoTarget);
        const comparison = await compareThroughput(context, twoTarget, oneTarget, CONNECTIONS);
        const cpu = await cpuOf(context, [
          { gateway: two, target: twoTarget },
          { gateway: one, target: oneTarget },
        ]);
        measured = { comparison, cpu };
      } catch (error) {
        throw withGatewayOutput(two, error);
      }
      return {
        baselineLabel: 'gatehouse --workers 1',
        rows: rowsOf(measured),
        notes: notesOf(context, measured),
      };
    } finally {
      for (const stop of stops.reverse()) await stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

function notesOf(context: BenchContext, { comparison, cpu: [two, one] }: Measured): string[] {
  const list = (rates: readonly number[]) =>
    rates.map((r) => Math.round(r).toLocaleString('en-US')).join(' / ');
  return [
    'The mcp-gateway setup (the template’s production build behind an MCP route with a ' +
      '10-criteria policy, `tools/call echo` with a real access token from that gateway’s ' +
      'authorization server), served by `gatehouse serve --workers 1` and by `--workers 2` ' +
      '(node:cluster hands each new connection to a worker; each worker verifies the token, ' +
      'evaluates the policy and writes the audit record to the one SQLite store). No tunnel, ' +
      'so no request crosses the internal hop.',
    'On this 2-core machine the load generator (autocannon, in the bench process) and the ' +
      'template share the two cores with the workers: the ratio shows what a second process ' +
      'buys here, not on a machine with free cores. Read the ratios, not the absolute rates.',
    `${context.warmupSeconds} s warm-up per gateway, then ${context.rounds} round(s) of ` +
      `${context.durationSeconds} s each, alternating which goes first; the median round ` +
      'counts. Any non-2xx, connection error or timeout fails the benchmark.',
    `c=${CONNECTIONS} rounds (req/s): --workers 2 ${list(comparison.oursRounds)}; ` +
      `--workers 1 ${list(comparison.baselineRounds)}.`,
    ...(two === undefined || one === undefined
      ? []
      : [
          `CPU per call (µs of user + system time of the gateway's process and all its children, ` +
            `from /proc/<pid>/stat, over ${CPU_ROUND_SECONDS} s of c=${CONNECTIONS} per round, ` +
            `alternating): --workers 2 ${roundsUs(two)} (machine busy ` +
            `${two.machineBusyPercent.map((b) => `${b.toFixed(0)}%`).join(' / ')}); ` +
            `--workers 1 ${roundsUs(one)} (machine busy ` +
            `${one.machineBusyPercent.map((b) => `${b.toFixed(0)}%`).join(' / ')}). CPU time ` +
            'per call does not depend on free cores: it shows what the cluster costs per call.',
        ]),
    ...busyMachineNotes(),
  ];
}
