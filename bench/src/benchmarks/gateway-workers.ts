import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { benchAccount } from '../gateway/account.ts';
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

const CONNECTIONS = 50;
/** Issue 18: with the same number of processes, at least this share of nginx's rate. */
const GOAL_OF_NGINX = 0.8;

const routesYaml = (upstreamPort: number) => `  - from: http://app.localhost:{{port}}
    to: http://127.0.0.1:${upstreamPort}
    policy:
      allow:
        and:
          - domain: { is: example.com }
`;

const median = (m: Map<GetTarget, Measured>, t: GetTarget | undefined) => {
  if (t === undefined) return undefined;
  const measured = m.get(t);
  if (measured === undefined) throw new Error(`${t.name} was not measured`);
  return measured.median;
};

/**
 * `gatehouse serve --workers 2` against `--workers 1` (and nginx with two workers against one)
 * on proxied GETs at c=50: what the second process buys on this machine. Both gateways share
 * nothing but the upstream; each has its own data dir and signed-in session.
 */
export const gatewayWorkers: Benchmark = {
  id: 'gateway-workers',
  title: 'gateway: --workers 2 vs --workers 1 (proxied GET, c=50), nginx 2 vs 1 worker',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-workers-'));
    const stops: (() => Promise<void>)[] = [];
    try {
      const upstream = await startUpstream();
      stops.push(() => upstream.stop());
      const account = benchAccount();
      const start = async (name: string, workers: number): Promise<GatewayProcess> => {
        const gateway = await startGatewayProcess({
          dir: path.join(dir, name),
          routesYaml: routesYaml(upstream.port),
          account,
          serveArgs: ['--workers', String(workers)],
        });
        stops.push(() => gateway.stop());
        return gateway;
      };
      const one = await start('one', 1);
      const two = await start('two', 2);
      const nginx1 = await startNginx(path.join(dir, 'nginx1'), upstream.port, 1);
      if (nginx1 !== undefined) stops.push(() => nginx1.stop());
      const nginx2 = await startNginx(path.join(dir, 'nginx2'), upstream.port, 2);
      if (nginx2 !== undefined) stops.push(() => nginx2.stop());
      const target = async (name: string, g: GatewayProcess): Promise<GetTarget> => {
        const cookie = await signIn(`http://${g.host('app')}/`, account.email, account.password);
        return { name, port: g.port, headers: { host: g.host('app'), cookie }, process: g.child };
      };
      const ngx = (name: string, n: NginxProcess | undefined): GetTarget | undefined =>
        n === undefined ? undefined : { name, port: n.port, headers: {}, process: upstream.child };
      let measured: Map<GetTarget, Measured>;
      const targets = {
        one: await target('gatehouse --workers 1', one),
        two: await target('gatehouse --workers 2', two),
        nginx1: ngx('nginx 1 worker', nginx1),
        nginx2: ngx('nginx 2 workers', nginx2),
      };
      const order = [targets.one, targets.two, targets.nginx1, targets.nginx2].filter(
        (t): t is GetTarget => t !== undefined,
      );
      try {
        for (const t of order) await verifyGet(t, { status: [200], body: SMALL_BODY });
        measured = await compareGets(context, order, CONNECTIONS);
      } catch (error) {
        throw withGatewayOutput(two, error);
      }
      return {
        baselineLabel: 'one process (--workers 1 / nginx 1 worker)',
        rows: rowsOf(measured, targets),
        notes: notesOf(context, nginx1),
      };
    } finally {
      for (const stop of stops.reverse()) await stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

function rowsOf(
  m: Map<GetTarget, Measured>,
  t: Record<'one' | 'two', GetTarget> & Record<'nginx1' | 'nginx2', GetTarget | undefined>,
): Row[] {
  const one = median(m, t.one);
  const two = median(m, t.two);
  if (one === undefined || two === undefined) throw new Error('gateway not measured');
  const n1 = median(m, t.nginx1);
  const n2 = median(m, t.nginx2);
  const rows: Row[] = [
    {
      metric: `gatehouse throughput, --workers 2, c=${CONNECTIONS}`,
      unit: 'req/s',
      value: two.requestsPerSecond,
      baseline: one.requestsPerSecond,
    },
    {
      metric: `gatehouse latency p50, --workers 2, c=${CONNECTIONS}`,
      unit: 'ms',
      value: two.p50Ms,
      baseline: one.p50Ms,
    },
  ];
  if (n1 !== undefined && n2 !== undefined) {
    rows.push(
      {
        metric: `nginx throughput, 2 workers, c=${CONNECTIONS}`,
        unit: 'req/s',
        value: n2.requestsPerSecond,
        baseline: n1.requestsPerSecond,
      },
      versusNginx(`gatehouse --workers 2 vs nginx 2 workers, c=${CONNECTIONS}`, two, n2),
      versusNginx(`gatehouse --workers 1 vs nginx 1 worker, c=${CONNECTIONS}`, one, n1),
    );
  }
  return rows;
}

function notesOf(context: BenchContext, nginx: NginxProcess | undefined): string[] {
  return [
    'The gateway-proxy setup (a bare node:http upstream, a route with a policy and identity ' +
      'headers, a real signed-in session), served by `gatehouse serve --workers 1` and by ' +
      '`gatehouse serve --workers 2` (node:cluster: the primary owns the listening socket and hands ' +
      'each new connection to a worker; each worker is a cluster node with its own store ' +
      'connection to one SQLite file). The load never needs a tunnel, so no request crosses the ' +
      'internal hop.',
    'On this 2-core machine the load generator (autocannon, in the bench process) and the ' +
      'upstream share the two cores with the workers: the ratio shows what a second process buys ' +
      'here, not on a machine with free cores. Read the ratios, not the absolute rates.',
    nginx === undefined
      ? `nginx not measured (${NGINX_BINARY} missing: apt-get install nginx).`
      : `nginx (${nginx.version}) with \`worker_processes 1\` and \`2\`, otherwise the ` +
        'gateway-proxy configuration, for the same comparison on a proxy written in C.',
    `${context.warmupSeconds} s warm-up per target, then ${context.rounds} round(s) of ` +
      `${context.durationSeconds} s per target, the first target rotating; the median round ` +
      'counts. Any non-2xx, connection error or timeout fails the benchmark.',
  ];
}

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
