import type { BenchContext, Row } from '../benchmark.ts';
import { median as medianOf, ratio } from '../lib/stats.ts';
import type { GetTarget, Measured } from './compare-gets.ts';
import { roundsUs, type CpuPerCall } from './cpu-per-call.ts';
import { CPU_ROUND_SECONDS } from './cpu-rows.ts';
import { NGINX_BINARY, type NginxProcess } from './nginx.ts';

// Rows and notes of the gateway-workers benchmark (benchmarks/gateway-workers.ts).

export const CONNECTIONS = 50;
/** Issue 18: with the same number of processes, at least this share of nginx's rate. */
const GOAL_OF_NGINX = 0.8;

/** A proxy under load and the process whose tree (itself and its workers) is charged. */
export interface ChargedTarget {
  readonly target: GetTarget;
  readonly pid: number;
}

export interface WorkersTargets {
  readonly one: ChargedTarget;
  readonly two: ChargedTarget;
  readonly nginx1: ChargedTarget | undefined;
  readonly nginx2: ChargedTarget | undefined;
  /** node:http + undici and nothing else: the floor of a proxy on Node's HTTP stack. */
  readonly bare: ChargedTarget;
}

export type CpuByTarget = ReadonlyMap<ChargedTarget, CpuPerCall | undefined>;

const rate = (m: Map<GetTarget, Measured>, t: ChargedTarget) => {
  const measured = m.get(t.target);
  if (measured === undefined) throw new Error(`${t.target.name} was not measured`);
  return measured;
};
const cpuUs = (cpu: CpuByTarget, t: ChargedTarget): number => {
  const c = cpu.get(t);
  if (c === undefined) throw new Error(`${t.target.name}: CPU per GET not measured`);
  return c.medianUs;
};

/** Issue 18's goal row: Gatehouse against nginx with the same number of workers. */
function versusNginx(
  metric: string,
  ours: { readonly requestsPerSecond: number },
  nginx: { readonly requestsPerSecond: number },
): Row {
  return {
    metric,
    unit: 'req/s',
    value: ours.requestsPerSecond,
    baseline: nginx.requestsPerSecond,
    goal: {
      text: `≥ ${GOAL_OF_NGINX}× nginx`,
      met: ours.requestsPerSecond >= GOAL_OF_NGINX * nginx.requestsPerSecond,
    },
  };
}

const cpuRow = (metric: string, value: number, baseline: number): Row => ({
  metric: `CPU per GET, ${metric}`,
  unit: 'µs',
  value,
  baseline,
});

export function rowsOf(t: WorkersTargets, m: Map<GetTarget, Measured>, cpu: CpuByTarget): Row[] {
  const one = rate(m, t.one).median;
  const two = rate(m, t.two).median;
  const bare = rate(m, t.bare).median;
  const c = `c=${CONNECTIONS}`;
  const rows: Row[] = [
    {
      metric: `gatehouse throughput, --workers 2 vs --workers 1, ${c}`,
      unit: 'req/s',
      value: two.requestsPerSecond,
      baseline: one.requestsPerSecond,
    },
    {
      metric: `gatehouse latency p50, --workers 2 vs --workers 1, ${c}`,
      unit: 'ms',
      value: two.p50Ms,
      baseline: one.p50Ms,
    },
  ];
  if (t.nginx1 !== undefined && t.nginx2 !== undefined) {
    const n1 = rate(m, t.nginx1).median;
    const n2 = rate(m, t.nginx2).median;
    rows.push(
      {
        metric: `nginx throughput, 2 workers vs 1, ${c}`,
        unit: 'req/s',
        value: n2.requestsPerSecond,
        baseline: n1.requestsPerSecond,
      },
      versusNginx(`gatehouse --workers 2 vs nginx 2 workers, ${c}`, two, n2),
      versusNginx(`gatehouse --workers 1 vs nginx 1 worker, ${c}`, one, n1),
      {
        metric: `minimal Node proxy vs nginx 1 worker, ${c}`,
        unit: 'req/s',
        value: bare.requestsPerSecond,
        baseline: n1.requestsPerSecond,
      },
      cpuRow('gatehouse --workers 1 vs nginx 1 worker', cpuUs(cpu, t.one), cpuUs(cpu, t.nginx1)),
      cpuRow(
        'gatehouse --workers 2 vs nginx 2 workers (all processes)',
        cpuUs(cpu, t.two),
        cpuUs(cpu, t.nginx2),
      ),
      cpuRow('minimal Node proxy vs nginx 1 worker', cpuUs(cpu, t.bare), cpuUs(cpu, t.nginx1)),
    );
  }
  rows.push(
    cpuRow('gatehouse --workers 2 vs --workers 1', cpuUs(cpu, t.two), cpuUs(cpu, t.one)),
    cpuRow('gatehouse --workers 1 vs minimal Node proxy', cpuUs(cpu, t.one), cpuUs(cpu, t.bare)),
  );
  return rows;
}

const all = (t: WorkersTargets): ChargedTarget[] =>
  [t.one, t.two, t.nginx1, t.nginx2, t.bare].filter((x): x is ChargedTarget => x !== undefined);
const reqs = (values: readonly number[]) =>
  values.map((r) => Math.round(r).toLocaleString('en-US')).join(' / ');

/** What one worker with a core of its own serves per second: 1 ÷ its CPU time per GET. */
function perCoreNote(t: WorkersTargets, cpu: CpuByTarget): string[] {
  if (t.nginx1 === undefined || t.nginx2 === undefined) return [];
  const perCore = (x: ChargedTarget) => 1e6 / cpuUs(cpu, x);
  const fmt = (x: ChargedTarget) => Math.round(perCore(x)).toLocaleString('en-US');
  const versus = (x: ChargedTarget, n: ChargedTarget) => ratio(perCore(x), perCore(n)).toFixed(2);
  return [
    'Per core (1 ÷ CPU per GET: what each worker would serve with a core of its own and the ' +
      `proxy the only limit): gatehouse --workers 1 ${fmt(t.one)} GETs/s, --workers 2 ` +
      `${fmt(t.two)} per core of its processes, nginx 1 worker ${fmt(t.nginx1)}, nginx 2 workers ` +
      `${fmt(t.nginx2)}, minimal Node proxy ${fmt(t.bare)}. Gatehouse ÷ nginx: ` +
      `${versus(t.one, t.nginx1)} with one worker, ${versus(t.two, t.nginx2)} with two; the ` +
      `minimal Node proxy ÷ nginx: ${versus(t.bare, t.nginx1)}. So wherever the proxy is the ` +
      `limit, ≥ ${GOAL_OF_NGINX}× nginx needs a Gatehouse worker to cost at most ` +
      `${(cpuUs(cpu, t.nginx1) / GOAL_OF_NGINX).toFixed(1)} µs of CPU per GET, less than ` +
      `node:http + undici alone (${cpuUs(cpu, t.bare).toFixed(1)} µs) cost here.`,
  ];
}

export function notesOf(
  context: BenchContext,
  t: WorkersTargets,
  m: Map<GetTarget, Measured>,
  cpu: CpuByTarget,
  nginx: NginxProcess | undefined,
): string[] {
  const busy = all(t)
    .map((x) => {
      const c = cpu.get(x);
      return `${x.target.name} ${c === undefined ? '?' : medianOf(c.machineBusyPercent).toFixed(0)}%`;
    })
    .join(', ');
  return [
    'The gateway-proxy setup (§8: a bare node:http upstream, the same route with a policy and ' +
      'identity headers, a real signed-in session, `NODE_ENV=production`, log level info to a ' +
      'file). `gatehouse serve --workers 1` is the single-process path, exactly what §8 runs: no ' +
      'node:cluster, no cluster node. `--workers 2` is a node:cluster primary and two workers (the ' +
      'primary owns the listening socket and hands each new connection to a worker; with ' +
      'keep-alive that is once per connection, so the primary is not in the request path); each ' +
      'worker is a cluster node (heartbeat every 2 s, route holders, its own store connection to ' +
      'the one SQLite file) that answers a GET exactly as the single process does. The load never ' +
      'needs a tunnel, so no request crosses the internal hop.',
    nginx === undefined
      ? `nginx not measured (${NGINX_BINARY} missing: apt-get install nginx).`
      : `nginx (${nginx.version}) with \`worker_processes 1\` and \`2\`, otherwise the ` +
        'gateway-proxy configuration, for the same comparison on a proxy written in C.',
    'The minimal Node proxy (`bench/src/gateway/bare-proxy-server.ts`): node:http server, ' +
      "undici Pool of 64 to the upstream (Gatehouse's client), no routing, session, policy, " +
      'added headers or log: the least any proxy on Node’s HTTP stack does per GET.',
    'On this 2-core machine the load generator (autocannon, in the bench process) and the ' +
      'upstream share the two cores with the proxy; the median share of all cores busy (anyone, ' +
      `from /proc/stat) during each proxy's CPU rounds: ${busy}. A machine that is already busy ` +
      'with one worker has no core for a second one, for nginx as for Gatehouse: the 2-vs-1 ' +
      'throughput ratios show that, not what a second worker buys on a machine with free cores. ' +
      'CPU time per GET does not depend on the free cores, so it is the like-for-like figure.',
    `c=${CONNECTIONS} rounds (req/s): ${all(t)
      .map((x) => `${x.target.name} ${reqs(rate(m, x).rounds)}`)
      .join('; ')}.`,
    `CPU per GET (µs of user + system time of the proxy and all its child processes, from ` +
      `/proc/<pid>/stat, over ${CPU_ROUND_SECONDS} s of c=${CONNECTIONS} per round, the proxies ` +
      `alternating): ${all(t)
        .map((x) => {
          const c = cpu.get(x);
          return `${x.target.name} ${c === undefined ? '?' : roundsUs(c)}`;
        })
        .join('; ')}.`,
    ...perCoreNote(t, cpu),
    `${context.warmupSeconds} s warm-up per target, then ${context.rounds} round(s) of ` +
      `${context.durationSeconds} s per target, the first target rotating; the median round ` +
      'counts. Any non-2xx, connection error or timeout fails the benchmark.',
  ];
}
