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
import { mcpLoad } from '../gateway/cpu-per-call.ts';
import { cpuRows } from '../gateway/cpu-rows.ts';
import { formatSelfTime, profileWhile } from '../lib/cpu-profile.ts';
import { runLoad } from '../lib/load.ts';
import { startServer, type RunningServer } from '../lib/child-server.ts';
import { ratio } from '../lib/stats.ts';
import { expectPolicyDenies, expectUnauthorized } from '../mcp-gateway/checks.ts';
import { mcpLoadTarget, roundsNote, tokenTtlSeconds } from '../mcp-gateway/load-target.ts';
import { MCP_ROUTE_NAME, mcpRouteYaml, POLICY_CRITERIA } from '../mcp-gateway/route-config.ts';
import { modernEchoCall } from '../mcp-requests.ts';
import { compareThroughput, verifyEcho, type Comparison, type LoadTarget } from '../throughput.ts';

const CONCURRENCIES = [1, 50] as const;
/** Issue 18's goals: ≥ 0.75× direct (at c=50, capacity) and ≤ 1 ms added p50 (at c=1, unloaded). */
const GOAL_RATIO = 0.75;
const GOAL_ADDED_P50_MS = 1;
/** A tool the route's policy denies, called once to show the policy is on the path. */
const DENIED_TOOL = 'delete_all';
const PROFILE_SECONDS = 3;

function rowsFor(c: number, { ours, baseline }: Comparison): Row[] {
  const added = ours.p50Ms - baseline.p50Ms;
  const r = ratio(ours.requestsPerSecond, baseline.requestsPerSecond);
  return [
    {
      metric: `throughput, c=${c}`,
      unit: 'req/s',
      value: ours.requestsPerSecond,
      baseline: baseline.requestsPerSecond,
      ...(c === 50 && { goal: { text: `≥ ${GOAL_RATIO}× direct`, met: r >= GOAL_RATIO } }),
    },
    { metric: `latency p50, c=${c}`, unit: 'ms', value: ours.p50Ms, baseline: baseline.p50Ms },
    { metric: `latency p99, c=${c}`, unit: 'ms', value: ours.p99Ms, baseline: baseline.p99Ms },
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

async function measure(
  context: BenchContext,
  template: RunningServer,
  gateway: GatewayProcess,
  credentials: { email: string; password: string },
): Promise<{ rows: Row[]; notes: string[]; expiresIn: number }> {
  const direct: LoadTarget = { server: template, request: modernEchoCall() };
  const { target: ours, expiresIn } = await mcpLoadTarget(
    gateway,
    gateway.host(MCP_ROUTE_NAME),
    credentials,
  );
  await verifyEcho(direct);
  await verifyEcho(ours);
  const url = `${ours.server.origin}/mcp`;
  await expectUnauthorized(url, ours.request);
  await expectPolicyDenies(url, ours.request, DENIED_TOOL);

  const rows: Row[] = [];
  const notes: string[] = [];
  for (const c of CONCURRENCIES) {
    const comparison = await compareThroughput(context, ours, direct, c);
    rows.push(...rowsFor(c, comparison));
    notes.push(roundsNote(c, comparison, { baseline: 'direct', ours: 'gatehouse' }));
  }
  const templatePid = template.child.pid;
  if (templatePid === undefined) throw new Error('template: no pid');
  const cpu = await cpuRows(context, {
    gateway: { pid: gateway.pid, load: { ...mcpLoad(ours), name: 'calls through it' } },
    direct: { pid: templatePid, load: { ...mcpLoad(direct), name: 'direct calls' } },
    what: 'call',
  });
  rows.push(...cpu.rows);
  notes.push(...cpu.notes);
  context.log('  CPU profile of the gateway process');
  const top = await profileWhile(gateway.pid, gateway.cpuProfile, async () => {
    await runLoad({ ...mcpLoad(ours), connections: 50, durationSeconds: PROFILE_SECONDS });
  });
  notes.push(
    formatSelfTime(
      `the gateway process (${PROFILE_SECONDS} s of c=50 calls, profiled after the measured ` +
        'rounds with the V8 sampling profiler at 250 µs)',
      top,
    ),
  );
  return { rows, notes, expiresIn };
}

export const mcpGateway: Benchmark = {
  id: 'mcp-gateway',
  title: 'gateway: MCP tools/call with a bearer token and a 10-rule policy vs direct',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-mcp-'));
    const stops: (() => Promise<void>)[] = [];
    try {
      const template = await startServer(context.template(0));
      stops.push(() => template.stop());
      const account = benchAccount();
      const gateway = await startGatewayProcess({
        dir,
        routesYaml: mcpRouteYaml(
          template.origin,
          account.email,
          tokenTtlSeconds(context, CONCURRENCIES.length),
        ),
        account,
      });
      stops.push(() => gateway.stop());
      let measured: Awaited<ReturnType<typeof measure>>;
      try {
        measured = await measure(context, template, gateway, account);
      } catch (error) {
        throw withGatewayOutput(gateway, error);
      }
      return {
        baselineLabel: 'template direct',
        rows: measured.rows,
        notes: [...methodNotes(context, measured.expiresIn), ...measured.notes],
      };
    } finally {
      for (const stop of stops.reverse()) await stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

function methodNotes(context: BenchContext, expiresIn: number): string[] {
  return [
    'Request: `tools/call echo`, 2026-07-28 era (one stateless POST with `MCP-Protocol-Version`, ' +
      '`Mcp-Method` and `Mcp-Name`; `bench/src/mcp-requests.ts`), answered by the template’s ' +
      'production build (`node server/dist/index.js`). Reached directly, and through Gatehouse ' +
      '(`gatehouse serve --config …`, the real CLI, `NODE_ENV=production`, log level info, ' +
      'stdout appended to a file) on a route `mcp: { server: {} }` with ' +
      '`Authorization: Bearer <access token>`.',
    `Route policy, ${POLICY_CRITERIA} criteria (\`bench/src/mcp-gateway/route-config.ts\`): ` +
      'allow when all of email in a list, domain, day_of_week, date; deny when any of three ' +
      '`mcp_tool` rules (is / starts_with / in), `mcp_method`, groups, source_ip. The echo call ' +
      'passes every one, so each request evaluates all ten. Per call the gateway also verifies ' +
      'the token (ES256, cached after the first), parses and checks the JSON-RPC body and the ' +
      'MCP headers, writes the audit record (SQLite, awaited) and signs the identity assertion.',
    'The access token is a real one from the gateway’s authorization server: dynamic client ' +
      'registration, authorization code with PKCE S256 and `resource` = the route’s MCP URL, ' +
      'through the sign-in page (account made with `gatehouse users add --password-stdin`) and ' +
      `the consent page, then the code exchange (token lifetime set to ${expiresIn} s so it ` +
      'outlives the run). Checked before loading: both paths answer 200 with the echoed text; ' +
      `Gatehouse answers 401 with a \`resource_metadata\` challenge without the token and a ` +
      `policy refusal (JSON-RPC error) for \`${DENIED_TOOL}\`.`,
    'Template and Gatehouse are child processes on 127.0.0.1; autocannon runs in the bench ' +
      'process with keep-alive and no pipelining, the route host in `Host`. On a 2-core machine ' +
      'the gateway runs put three busy processes on two cores, the direct runs two.',
    `Per concurrency: ${context.warmupSeconds} s warm-up per target (discarded), then ` +
      `${context.rounds} round(s) of ${context.durationSeconds} s per target, alternating which ` +
      'goes first; the median round (by req/s) is shown. Any non-2xx, connection error or ' +
      'timeout fails the benchmark. "added p50" = Gatehouse p50 − direct p50. Goals as in ' +
      'gateway-proxy: the ratio at c=50 (capacity), the added p50 at c=1 (an unloaded request).',
  ];
}
