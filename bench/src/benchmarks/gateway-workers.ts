import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchContext } from '../benchmark.ts';
import { benchAccount } from '../gateway/account.ts';
import { startBareProxy } from '../gateway/bare-proxy.ts';
import { compareGets, verifyGet, type GetTarget } from '../gateway/compare-gets.ts';
import { cpuPerRequest } from '../gateway/cpu-per-call.ts';
import { CPU_ROUND_SECONDS } from '../gateway/cpu-rows.ts';
import {
  startGatewayProcess,
  withGatewayOutput,
  type GatewayProcess,
} from '../gateway/gateway-process.ts';
import { startNginx, type NginxProcess } from '../gateway/nginx.ts';
import { signIn } from '../gateway/sign-in.ts';
import { startUpstream } from '../gateway/upstream.ts';
import { SMALL_BODY } from '../gateway/upstream-server.ts';
import {
  CONNECTIONS,
  notesOf,
  rowsOf,
  type ChargedTarget,
  type WorkersTargets,
} from '../gateway/workers-report.ts';

const routesYaml = (upstreamPort: number) => `  - from: http://app.localhost:{{port}}
    to: http://127.0.0.1:${upstreamPort}
    policy:
      allow:
        and:
          - domain: { is: example.com }
`;

/**
 * `gatehouse serve --workers 2` against `--workers 1` (and nginx with two workers against one)
 * on proxied GETs at c=50: what the second process buys on this machine. Both gateways share
 * nothing but the upstream; each has its own data dir and signed-in session. A minimal Node
 * proxy (node:http + undici, nothing else) shows the floor of any proxy on Node's HTTP stack,
 * and every proxy's CPU time per GET (all its processes) shows what each costs per request when
 * the cores are not the limit: on this 2-core machine the load generator and the upstream take
 * about one core, so neither a second nginx worker nor a second Gatehouse worker finds a core.
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
      const bare = await startBareProxy(upstream.port);
      stops.push(() => bare.stop());

      const gatehouse = async (name: string, g: GatewayProcess): Promise<ChargedTarget> => {
        const cookie = await signIn(`http://${g.host('app')}/`, account.email, account.password);
        return {
          target: {
            name,
            port: g.port,
            headers: { host: g.host('app'), cookie },
            process: g.child,
          },
          pid: g.pid,
        };
      };
      const ngx = (name: string, n: NginxProcess | undefined): ChargedTarget | undefined =>
        n === undefined
          ? undefined
          : { target: { name, port: n.port, headers: {}, process: upstream.child }, pid: n.pid };
      const targets: WorkersTargets = {
        one: await gatehouse('gatehouse --workers 1', one),
        two: await gatehouse('gatehouse --workers 2', two),
        nginx1: ngx('nginx 1 worker', nginx1),
        nginx2: ngx('nginx 2 workers', nginx2),
        bare: {
          target: { name: 'minimal Node proxy', port: bare.port, headers: {}, process: bare.child },
          pid: bare.pid,
        },
      };
      const order = [targets.one, targets.two, targets.nginx1, targets.nginx2, targets.bare].filter(
        (t): t is ChargedTarget => t !== undefined,
      );
      try {
        const ok = { status: [200], body: SMALL_BODY };
        for (const { target } of order) await verifyGet(target, ok);
        const measured = await compareGets(
          context,
          order.map((t) => t.target),
          CONNECTIONS,
        );
        const cpu = await cpuOf(context, order);
        return {
          baselineLabel: 'baseline (named in the metric)',
          rows: rowsOf(targets, measured, cpu),
          notes: notesOf(context, targets, measured, cpu, nginx1),
        };
      } catch (error) {
        throw withGatewayOutput(two, error);
      }
    } finally {
      for (const stop of stops.reverse()) await stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

/** CPU per GET of each proxy, all its processes charged, in alternating rounds at c=50. */
async function cpuOf(context: BenchContext, order: readonly ChargedTarget[]) {
  context.log(`  CPU per GET (all processes of each proxy), c=${CONNECTIONS}`);
  const load = (t: GetTarget) => ({
    name: t.name,
    url: `http://127.0.0.1:${t.port}/`,
    headers: t.headers,
  });
  const per = await cpuPerRequest(
    context,
    order.map((t) => ({ pid: t.pid, load: load(t.target), tree: true })),
    CONNECTIONS,
    CPU_ROUND_SECONDS,
  );
  return new Map(order.map((t, i) => [t, per[i]]));
}
