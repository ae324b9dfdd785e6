import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BENCH_UNCAPTURED_TUNNEL_ROUTE } from '@gatehouse/cli';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { benchAccount, type BenchAccount } from '../gateway/account.ts';
import {
  startGatewayProcess,
  withGatewayOutput,
  type GatewayProcess,
} from '../gateway/gateway-process.ts';
import { cpuPerCall } from '../gateway/cpu-per-call.ts';
import {
  formatSelfTime,
  inclusiveShare,
  recordProfile,
  type CallFrame,
  topSelfTime,
} from '../lib/cpu-profile.ts';
import { interleavedLatency, type LatencyTarget } from '../lib/interleaved-latency.ts';
import { startServer } from '../lib/child-server.ts';
import { runLoad } from '../lib/load.ts';
import { ratio } from '../lib/stats.ts';
import { mcpLoadTarget, roundsNote, tokenTtlSeconds } from '../mcp-gateway/load-target.ts';
import { compareThroughput, verifyEcho, type Comparison, type LoadTarget } from '../throughput.ts';
import { startMcpTunnel, untilLive, type McpTunnel } from '../tunnel/mcp-tunnel.ts';

// Issue 16's benchmark: the cost of the MCP traffic inspector on a TUNNEL route. One
// `gatehouse serve` process with its SSH endpoint; one real `ssh -N` serves the template at two
// tunnel routes of the same account; the gateway captures one and not the other (an internal
// switch only this benchmark sets, BENCH_UNCAPTURED_TUNNEL_ROUTE in
// packages/cli/src/bench-switches.ts: tunnel routes are always captured otherwise). Both are
// loaded in the same run, in alternating rounds.

const CONCURRENCIES = [1, 50] as const;
/** The goals: ≤ 10% throughput cost (c=50) and ≤ 0.1 ms added p50 (c=1). */
const GOAL_RATIO = 0.9;
const GOAL_ADDED_P50_MS = 0.1;
const OFF = 'plain';
const ON = 'inspected';
const PROFILE_SECONDS = 3;
/** Seconds per CPU-per-call round (c=50). */
const CPU_ROUND_SECONDS = 5;

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
    { metric: `latency p99, c=${c}`, unit: 'ms', value: ours.p99Ms, baseline: baseline.p99Ms },
    // c=1's goal row comes from the interleaved calls (addedLatencyRows): rounds of separate
    // runs spread far more than 0.1 ms on a shared machine.
    ...(c === 1 ? [] : [{ metric: `added p50, c=${c}`, unit: 'ms' as const, value: added }]),
  ];
}

const latencyTarget = (name: string, { server, request }: LoadTarget): LatencyTarget => ({
  name,
  url: `${server.origin}/mcp`,
  headers: request.headers,
  body: request.body,
});

/** Issue 16's latency goal, read from calls that alternate between the two routes one by one. */
async function addedLatencyRows(
  context: BenchContext,
  on: LoadTarget,
  off: LoadTarget,
): Promise<{ rows: Row[]; note: string }> {
  const seconds = context.durationSeconds * context.rounds;
  context.log(`  c=1, interleaved calls, ${seconds} s`);
  const m = await interleavedLatency(
    [latencyTarget('capture off', off), latencyTarget('capture on', on)],
    seconds,
  );
  const added = m.p50Ms[1] - m.p50Ms[0];
  const rows: Row[] = [
    {
      metric: 'latency p50, c=1, interleaved calls',
      unit: 'ms',
      value: m.p50Ms[1],
      baseline: m.p50Ms[0],
    },
    {
      metric: 'added p50, c=1, interleaved calls',
      unit: 'ms',
      value: added,
      goal: { text: `≤ ${GOAL_ADDED_P50_MS} ms`, met: added <= GOAL_ADDED_P50_MS },
    },
    { metric: 'added latency, c=1, median of pairs', unit: 'ms', value: m.pairedMedianMs },
  ];
  const note =
    `c=1 interleaved: ${m.calls.toLocaleString('en-US')} calls per route over ${seconds} s, ` +
    'one keep-alive connection per route, the routes taking turns call by call (off, on, on, ' +
    'off, …) after 200 unmeasured calls, so other load on the machine slows both alike. ' +
    `p50 ${m.p50Ms[1].toFixed(3)} ms on vs ${m.p50Ms[0].toFixed(3)} ms off; p99 ` +
    `${m.p99Ms[1].toFixed(2)} ms vs ${m.p99Ms[0].toFixed(2)} ms; the median of the ` +
    `per-pair differences (on − off) is ${m.pairedMedianMs.toFixed(3)} ms. The goal row ` +
    '(≤ 0.1 ms added p50) is read from these calls; the autocannon rounds above spread by ' +
    'more than that between rounds of the same route.';
  return { rows, note };
}

const isCaptureCode = (url: string): boolean =>
  url.includes('/gateway/src/traffic/') ||
  url.includes('/gateway/dist/traffic/') ||
  url.endsWith('/edge/mcp/steps/capture.ts') ||
  url.endsWith('/edge/mcp/steps/capture.js');

/**
 * The real `res.write`/`end`/`writeHead` the tap wraps (and what they call) would run without
 * capture too: the walk up the stack stops there. `getHeaders` is the tap's own read.
 */
const isWrappedResponseWork = (frame: CallFrame): boolean =>
  (frame.url === 'node:_http_outgoing' || frame.url === 'node:_http_server') &&
  frame.functionName !== 'getHeaders';

async function measure(
  context: BenchContext,
  gateway: GatewayProcess,
  tunnel: McpTunnel,
  account: BenchAccount,
): Promise<{ rows: Row[]; notes: string[] }> {
  const target = async (route: string, name: string): Promise<LoadTarget> =>
    (await mcpLoadTarget(gateway, tunnel.host(route), account, name)).target;
  const off = await target(OFF, 'capture off');
  const on = await target(ON, 'capture on');
  // A benchmark of error pages is worthless: both routes must echo through the tunnel.
  await untilLive(tunnel.ssh, () => verifyEcho(off));
  await untilLive(tunnel.ssh, () => verifyEcho(on));
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const c of CONCURRENCIES) {
    const comparison = await compareThroughput(context, on, off, c);
    rows.push(...rowsFor(c, comparison));
    notes.push(roundsNote(c, comparison, { baseline: 'capture off', ours: 'capture on' }));
  }
  const latency = await addedLatencyRows(context, on, off);
  rows.push(...latency.rows);
  notes.push(latency.note);
  context.log('  gateway CPU per call, c=50');
  const [cpuOn, cpuOff] = await cpuPerCall(context, gateway.pid, [on, off], 50, CPU_ROUND_SECONDS);
  if (cpuOn === undefined || cpuOff === undefined) throw new Error('CPU per call not measured');
  rows.push(
    {
      metric: 'gateway CPU per call, c=50',
      unit: 'ms',
      value: cpuOn.medianUs / 1000,
      baseline: cpuOff.medianUs / 1000,
    },
    {
      metric: 'added gateway CPU per call, c=50',
      unit: 'ms',
      value: (cpuOn.medianUs - cpuOff.medianUs) / 1000,
    },
  );
  const us = (r: readonly number[]) => r.map((v) => v.toFixed(0)).join(' / ');
  notes.push(
    `Gateway CPU per call (µs, /proc/<pid>/stat user + system over ${CPU_ROUND_SECONDS} s of c=50 ` +
      `per round and target, alternating): capture off ${us(cpuOff.roundsUs)}; capture on ` +
      `${us(cpuOn.roundsUs)}. Other processes' load slows the rounds but adds no CPU time to ` +
      'the gateway, so on this shared machine this is the steadier measure of what capture costs.',
  );
  context.log('  CPU profile of the gateway (captured route)');
  const profile = await recordProfile(gateway.pid, gateway.cpuProfile, async () => {
    await runLoad({
      url: `${on.server.origin}/mcp`,
      headers: on.request.headers,
      body: on.request.body,
      connections: 50,
      durationSeconds: PROFILE_SECONDS,
    });
  });
  notes.push(
    formatSelfTime(
      `the gateway (${PROFILE_SECONDS} s of c=50 calls on the captured route, after the ` +
        'measured rounds, V8 sampling profiler at 250 µs)',
      topSelfTime(profile),
    ),
  );
  // The capture's own code with everything it calls: the CPU it adds per call, read from the
  // same process's samples rather than from two loads' difference.
  const share = inclusiveShare(profile, isCaptureCode, isWrappedResponseWork);
  const captureUs = (share / 100) * cpuOn.medianUs;
  rows.push({ metric: 'capture code, gateway CPU per call, c=50', unit: 'µs', value: captureUs });
  notes.push(
    `Capture code (\`gateway/src/traffic/\` and the MCP route's capture step, with everything ` +
      'they call except the response methods the tap wraps, which run without capture too) held ' +
      `${share.toFixed(1)}% of the gateway's non-idle samples in that profile: ` +
      `≈ ${captureUs.toFixed(1)} µs of the ${cpuOn.medianUs.toFixed(0)} µs CPU per captured ` +
      'call. It runs on the request path, so it bounds the latency capture can add per call.',
  );
  return { rows, notes };
}

export const mcpInspect: Benchmark = {
  id: 'mcp-inspect',
  // The title of the earlier (configured-route) version: --merge replaces that section in place.
  title: 'gateway: MCP tools/call with the traffic inspector capturing vs not (same process)',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-inspect-'));
    const stops: (() => Promise<void>)[] = [];
    try {
      const template = await startServer(context.template(0));
      stops.push(() => template.stop());
      const account = benchAccount();
      const ttl = tokenTtlSeconds(context, CONCURRENCIES.length);
      const gateway = await startGatewayProcess({
        dir,
        routesYaml: `  []\noauth:\n  access_token_ttl: ${ttl}s\n`,
        account,
        ssh: true,
        env: { [BENCH_UNCAPTURED_TUNNEL_ROUTE]: OFF },
      });
      stops.push(() => gateway.stop());
      let measured: { rows: Row[]; notes: string[] };
      try {
        const tunnel = await startMcpTunnel(gateway, dir, account, [OFF, ON], template.port);
        stops.push(() => tunnel.stop());
        measured = await measure(context, gateway, tunnel, account);
      } catch (error) {
        throw withGatewayOutput(gateway, error);
      }
      return {
        baselineLabel: 'capture off',
        rows: measured.rows,
        notes: [...methodNotes(context), ...measured.notes],
      };
    } finally {
      for (const stop of stops.reverse()) await stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

function methodNotes(context: BenchContext): string[] {
  return [
    'One `gatehouse serve` process (the real CLI, `NODE_ENV=production`, log level info, stdout ' +
      'to a file) with its SSH endpoint on loopback; the template’s production build behind ' +
      'ONE real OpenSSH client session, `ssh -R plain:0 -R inspected:0 <host> -- --to ' +
      '127.0.0.1:<template>` (a key remembered once through the browser sign-in). ' +
      'So both tunnel routes share the SSH connection, the template, the owner-only policy and ' +
      'the process; they differ only in capture. Tunnel routes are always captured: for ' +
      '`plain` the bench turns capture off with an internal switch only it sets ' +
      '(`GATEHOUSE_BENCH_UNCAPTURED_TUNNEL_ROUTE`, not a config key).',
    'Request: `tools/call echo`, 2026-07-28 era (`bench/src/mcp-requests.ts`) with a real access ' +
      'token per route (DCR, authorization code + PKCE, `resource` = the route’s MCP URL; ' +
      '`bench/src/mcp-gateway/load-target.ts`, shared with mcp-gateway). The captured route ' +
      'puts every exchange in its ring (default 500, 256 KiB per body) in progress when it is ' +
      'forwarded and completes it when the answer ends; parsing and masking wait until someone ' +
      'reads the capture (no viewer during the run).',
    `Per concurrency: ${context.warmupSeconds} s warm-up per target, then ${context.rounds} ` +
      `round(s) of ${context.durationSeconds} s per target, alternating which goes first; the ` +
      'median round is shown. Any non-2xx or error fails the benchmark. Goals from issue 16: ' +
      '≤ 10% throughput cost at c=50, ≤ 0.1 ms added p50 at c=1 (from interleaved calls, ' +
      'below).',
  ];
}
