import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { benchAccount } from '../gateway/account.ts';
import { formatSelfTime, profileWhile } from '../lib/cpu-profile.ts';
import { runLoad } from '../lib/load.ts';
import type { CpuLoad } from '../gateway/cpu-per-call.ts';
import { cpuRows } from '../gateway/cpu-rows.ts';
import { compareGets, verifyGet, type GetTarget, type Measured } from '../gateway/compare-gets.ts';
import {
  startGatewayProcess,
  withGatewayOutput,
  type GatewayProcess,
} from '../gateway/gateway-process.ts';
import { startNginx, NGINX_BINARY, type NginxProcess } from '../gateway/nginx.ts';
import { signIn } from '../gateway/sign-in.ts';
import { startUpstream } from '../gateway/upstream.ts';
import { SMALL_BODY } from '../gateway/upstream-server.ts';
import type { RunningServer } from '../lib/child-server.ts';
import { ratio } from '../lib/stats.ts';

const CONCURRENCIES = [1, 50] as const;
/** Issue 18's goals on one worker at c=50: ≥ 0.35× direct and ≥ 0.5× nginx; ≤ 1 ms added p50 at c=1. */
const GOAL_RATIO = 0.35;
const GOAL_OF_NGINX = 0.5;
const GOAL_ADDED_P50_MS = 1;
const NOT_MEASURED = `nginx not measured (${NGINX_BINARY} missing: apt-get install nginx)`;

const routesYaml = (upstreamPort: number) => `  - from: http://app.localhost:{{port}}
    to: http://127.0.0.1:${upstreamPort}
    policy:
      allow:
        and:
          - domain: { is: example.com }
`;

interface Targets {
  readonly direct: GetTarget;
  readonly gateway: GetTarget;
  readonly nginx: GetTarget | undefined;
}

const get = (m: Map<GetTarget, Measured>, t: GetTarget): Measured => {
  const measured = m.get(t);
  if (measured === undefined) throw new Error(`${t.name} was not measured`);
  return measured;
};

function rowsFor(c: number, m: Map<GetTarget, Measured>, targets: Targets): Row[] {
  const direct = get(m, targets.direct).median;
  const ours = get(m, targets.gateway).median;
  const nginx = targets.nginx === undefined ? undefined : get(m, targets.nginx).median;
  const added = ours.p50Ms - direct.p50Ms;
  const vsNginx = ratio(ours.requestsPerSecond, nginx?.requestsPerSecond);
  return [
    {
      metric: `throughput, c=${c}`,
      unit: 'req/s',
      value: ours.requestsPerSecond,
      baseline: direct.requestsPerSecond,
      ...(c === 50 && {
        goal: {
          text: `≥ ${GOAL_RATIO}× direct`,
          met: ratio(ours.requestsPerSecond, direct.requestsPerSecond) >= GOAL_RATIO,
        },
      }),
    },
    { metric: `latency p50, c=${c}`, unit: 'ms', value: ours.p50Ms, baseline: direct.p50Ms },
    { metric: `latency p99, c=${c}`, unit: 'ms', value: ours.p99Ms, baseline: direct.p99Ms },
    {
      metric: `added p50, c=${c}`,
      unit: 'ms',
      value: added,
      ...(c === 1 && {
        goal: { text: `≤ ${GOAL_ADDED_P50_MS} ms`, met: added <= GOAL_ADDED_P50_MS },
      }),
    },
    {
      metric: `throughput vs nginx${nginx === undefined ? ' (not measured)' : ''}, c=${c}`,
      unit: 'req/s',
      value: ours.requestsPerSecond,
      ...(nginx !== undefined && { baseline: nginx.requestsPerSecond }),
      ...(c === 50 &&
        nginx !== undefined && {
          goal: { text: `≥ ${GOAL_OF_NGINX}× nginx`, met: vsNginx >= GOAL_OF_NGINX },
        }),
    },
    ...(nginx === undefined
      ? []
      : [
          {
            metric: `latency p50 vs nginx, c=${c}`,
            unit: 'ms' as const,
            value: ours.p50Ms,
            baseline: nginx.p50Ms,
          },
        ]),
  ];
}

/** nginx's own figures and the per-round rates, for the notes. */
function roundNotes(c: number, m: Map<GetTarget, Measured>, targets: Targets): string[] {
  const list = (t: GetTarget) =>
    get(m, t)
      .rounds.map((r) => Math.round(r).toLocaleString('en-US'))
      .join(' / ');
  const all = [
    targets.direct,
    targets.gateway,
    ...(targets.nginx === undefined ? [] : [targets.nginx]),
  ];
  const notes = [`c=${c} rounds (req/s): ${all.map((t) => `${t.name} ${list(t)}`).join('; ')}.`];
  if (targets.nginx !== undefined) {
    const direct = get(m, targets.direct).median;
    const nginx = get(m, targets.nginx).median;
    const ours = get(m, targets.gateway).median;
    const nginxRatio = ratio(nginx.requestsPerSecond, direct.requestsPerSecond);
    const oursRatio = ratio(ours.requestsPerSecond, direct.requestsPerSecond);
    notes.push(
      `c=${c} nginx (median round): ${Math.round(nginx.requestsPerSecond).toLocaleString('en-US')} ` +
        `req/s = ${nginxRatio.toFixed(2)}× direct, p50 ${nginx.p50Ms.toFixed(3)} ms ` +
        `(+${(nginx.p50Ms - direct.p50Ms).toFixed(3)} ms), p99 ${nginx.p99Ms.toFixed(3)} ms. ` +
        `Gatehouse ${oursRatio.toFixed(2)}× direct; Gatehouse ratio ÷ nginx ratio = ` +
        `${(oursRatio / nginxRatio).toFixed(2)}.`,
    );
  }
  return notes;
}

async function measure(
  context: BenchContext,
  upstream: RunningServer,
  gateway: GatewayProcess,
  nginx: NginxProcess | undefined,
  cookie: string,
): Promise<{ rows: Row[]; notes: string[] }> {
  const targets: Targets = {
    direct: { name: 'direct', port: upstream.port, headers: {}, process: upstream.child },
    gateway: {
      name: 'gatehouse',
      port: gateway.port,
      headers: { host: gateway.host('app'), cookie },
      process: gateway.child,
    },
    nginx:
      nginx === undefined
        ? undefined
        : { name: 'nginx', port: nginx.port, headers: {}, process: upstream.child },
  };
  // A benchmark of error pages is worthless: each path must return the upstream's own body,
  // and the gateway must refuse the same request without the session.
  const ok = { status: [200], body: SMALL_BODY };
  await verifyGet(targets.direct, ok);
  await verifyGet(targets.gateway, ok);
  await verifyGet(targets.gateway, { status: [401, 302] }, { host: gateway.host('app') });
  if (targets.nginx !== undefined) await verifyGet(targets.nginx, ok);

  const order = [
    targets.direct,
    targets.gateway,
    ...(targets.nginx === undefined ? [] : [targets.nginx]),
  ];
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const c of CONCURRENCIES) {
    const m = await compareGets(context, order, c);
    rows.push(...rowsFor(c, m, targets));
    notes.push(...roundNotes(c, m, targets));
  }
  const cpu = await cpuRows(context, {
    gateway: { pid: gateway.pid, load: getLoad(targets.gateway, 'proxied GETs') },
    direct: { pid: childPid(upstream), load: getLoad(targets.direct, 'direct GETs') },
    what: 'GET',
  });
  rows.push(...cpu.rows);
  notes.push(...cpu.notes);
  context.log('  CPU profile of the gateway process');
  notes.push(await profileGateway(targets.gateway, gateway));
  return { rows, notes };
}

const PROFILE_SECONDS = 3;

const getLoad = (target: GetTarget, name: string): CpuLoad => ({
  name,
  url: `http://127.0.0.1:${target.port}/`,
  headers: target.headers,
});

function childPid(server: RunningServer): number {
  if (server.child.pid === undefined) throw new Error(`${server.name}: no pid`);
  return server.child.pid;
}

/** After measuring: the gateway process profiled over c=50 proxied GETs with the session. */
async function profileGateway(target: GetTarget, gateway: GatewayProcess): Promise<string> {
  const top = await profileWhile(gateway.pid, gateway.cpuProfile, async () => {
    await runLoad({
      url: `http://127.0.0.1:${target.port}/`,
      headers: target.headers,
      connections: 50,
      durationSeconds: PROFILE_SECONDS,
    });
  });
  return formatSelfTime(
    `the gateway process (${PROFILE_SECONDS} s of c=50 proxied GETs with the session, profiled ` +
      'after the measured rounds with the V8 sampling profiler at 250 µs)',
    top,
  );
}

export const gatewayProxy: Benchmark = {
  id: 'gateway-proxy',
  title: 'gateway: proxied GET with a session vs direct and nginx',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-proxy-'));
    const stops: (() => Promise<void>)[] = [];
    try {
      const upstream = await startUpstream();
      stops.push(() => upstream.stop());
      const account = benchAccount();
      const gateway = await startGatewayProcess({
        dir,
        routesYaml: routesYaml(upstream.port),
        account,
      });
      stops.push(() => gateway.stop());
      const nginx = await startNginx(path.join(dir, 'nginx'), upstream.port);
      if (nginx !== undefined) stops.push(() => nginx.stop());
      let measured: { rows: Row[]; notes: string[] };
      try {
        const cookie = await signIn(
          `http://${gateway.host('app')}/`,
          account.email,
          account.password,
        );
        measured = await measure(context, upstream, gateway, nginx, cookie);
      } catch (error) {
        throw withGatewayOutput(gateway, error);
      }
      const { rows, notes } = measured;
      return {
        baselineLabel: 'direct to upstream',
        rows,
        notes: [...methodNotes(context, nginx), ...notes],
      };
    } finally {
      for (const stop of stops.reverse()) await stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

function methodNotes(context: BenchContext, nginx: NginxProcess | undefined): string[] {
  return [
    `\`GET /\` answered by a bare node:http upstream (\`bench/src/gateway/upstream-server.ts\`, ` +
      `${Buffer.byteLength(SMALL_BODY)}-byte text body), reached three ways: directly; through ` +
      'Gatehouse (`gatehouse serve --config …`, the real CLI, `NODE_ENV=production`, log level ' +
      'info: one JSON decision line per request, appended to a file as a production log would ' +
      'be); and through nginx.',
    'Gatehouse route: `policy: allow: and: [domain: {is: example.com}]`, identity headers on (a ' +
      'signed ES256 assertion, the same token reused for identical claims for up to half its lifetime). The session cookie comes from ' +
      'the real sign-in flow (account made with `gatehouse users add --password-stdin`, sign-in ' +
      'form, hand-off). Checked before loading: 200 with the upstream body with the cookie, ' +
      '401 without it.',
    nginx === undefined
      ? `${NOT_MEASURED}: the rows against nginx show no figure.`
      : `nginx (${nginx.version}): \`master_process on; worker_processes 1\` — Gatehouse is one ` +
        'Node process with one event loop, so one nginx worker is the like-for-like comparison ' +
        '(more workers would measure the core count, not the proxy); `proxy_http_version 1.1`, ' +
        '`proxy_set_header Connection ""`, upstream `keepalive 64`, `access_log off`.',
    'Upstream, Gatehouse and nginx are child processes on 127.0.0.1; autocannon runs in the ' +
      'bench process with keep-alive and no pipelining, sending the route host in `Host`. On a ' +
      '2-core machine the proxied runs put three busy processes on two cores, the direct run two.',
    `Per concurrency: ${context.warmupSeconds} s warm-up per target (discarded), then ` +
      `${context.rounds} round(s) of ${context.durationSeconds} s per target, the first target ` +
      'rotating; the median round (by req/s) is shown. Any non-2xx, connection error or timeout ' +
      'fails the benchmark. p50/p99 are over all 2xx responses of that round (µs resolution). ' +
      '"added p50" = Gatehouse p50 − direct p50.',
  ];
}
