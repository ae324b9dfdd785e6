import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { benchAccount } from './account.ts';
import { startBareProxy } from './bare-proxy.ts';
import { cpuMs } from './cpu-per-call.ts';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.ts';
import { signIn } from './sign-in.ts';
import { startUpstream } from './upstream.ts';
import { recordProfile, topSelfTime } from '../lib/cpu-profile.ts';
import { runLoad } from '../lib/load.ts';
import { median } from '../lib/stats.ts';

// A/B probe of the proxied GET with a session (issue 18, ADR 0020/0026): two `gatehouse serve`
// processes, A from another checkout (`AB_BASE=/path/to/checkout`) and B from this one, on one
// upstream, plus the minimal Node proxy as the floor. Rounds of c=50 GETs rotate over them; the
// CPU time each process spent per completed GET (from /proc) is printed per round, with the
// median of the paired B/A ratios. Not a benchmark for docs/benchmarks.md: a tool to decide
// whether a change pays. `AB_ROUNDS` (default 8), `AB_SECONDS` (default 4), `AB_PROFILE=1`
// also writes a V8 profile summary of each gateway after the rounds; `AB_BARE=0` leaves out the
// minimal proxy; `AB_B_ROUTE` adds route lines to B only (a diagnostic: `AB_BASE` = this
// checkout and e.g. `    pass_identity_headers: false\n` prices a feature).

const ROUTES = (upstreamPort: number, extra = '') => `  - from: http://app.localhost:{{port}}
    to: http://127.0.0.1:${upstreamPort}
${extra}    policy:
      allow:
        and:
          - domain: { is: example.com }
`;

interface Target {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly us: number[];
}

async function gatewayTarget(
  name: string,
  dir: string,
  upstreamPort: number,
  cli: string | undefined,
  routeExtra = '',
): Promise<{ target: Target; gateway: GatewayProcess }> {
  const account = benchAccount();
  const gateway = await startGatewayProcess({
    dir,
    routesYaml: ROUTES(upstreamPort, routeExtra),
    account,
    ...(cli === undefined ? {} : { cli }),
  });
  const cookie = await signIn(`http://${gateway.host('app')}/`, account.email, account.password);
  return {
    gateway,
    target: {
      name,
      pid: gateway.pid,
      url: `http://127.0.0.1:${gateway.port}/`,
      headers: { host: gateway.host('app'), cookie },
      us: [],
    },
  };
}

async function main(): Promise<void> {
  const base = process.env['AB_BASE'];
  const rounds = Number(process.env['AB_ROUNDS'] ?? 8);
  const seconds = Number(process.env['AB_SECONDS'] ?? 4);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-ab-'));
  const upstream = await startUpstream();
  const stops: (() => Promise<void>)[] = [() => upstream.stop()];
  try {
    const targets: Target[] = [];
    const gateways: GatewayProcess[] = [];
    if (base !== undefined) {
      const a = await gatewayTarget(
        'A',
        path.join(dir, 'a'),
        upstream.port,
        path.join(base, 'packages', 'cli', 'bin', 'gatehouse.js'),
      );
      stops.push(() => a.gateway.stop());
      targets.push(a.target);
      gateways.push(a.gateway);
    }
    const b = await gatewayTarget(
      'B',
      path.join(dir, 'b'),
      upstream.port,
      undefined,
      process.env['AB_B_ROUTE'] ?? '',
    );
    stops.push(() => b.gateway.stop());
    targets.push(b.target);
    gateways.push(b.gateway);
    if (process.env['AB_BARE'] !== '0') {
      const bare = await startBareProxy(upstream.port);
      stops.push(() => bare.stop());
      targets.push({
        name: 'bare',
        pid: bare.pid,
        url: `http://127.0.0.1:${bare.port}/`,
        headers: {},
        us: [],
      });
    }
    for (const t of targets)
      await runLoad({ url: t.url, headers: t.headers, connections: 50, durationSeconds: 2 });
    for (let r = 0; r < rounds; r++) {
      const line: string[] = [];
      for (let k = 0; k < targets.length; k++) {
        const t = targets[(r + k) % targets.length];
        if (t === undefined) continue;
        const before = await cpuMs(t.pid);
        const result = await runLoad({
          url: t.url,
          headers: t.headers,
          connections: 50,
          durationSeconds: seconds,
        });
        const spent = (await cpuMs(t.pid)) - before;
        if (result.non2xx + result.errors + result.timeouts > 0)
          throw new Error(`${t.name}: failed requests`);
        const us = (spent * 1000) / result.completed;
        t.us.push(us);
        line.push(`${t.name} ${us.toFixed(1)} µs ${Math.round(result.requestsPerSecond)}/s`);
      }
      console.log(`round ${r + 1}: ${line.join('; ')}`);
    }
    for (const t of targets) console.log(`${t.name}: median ${median(t.us).toFixed(1)} µs/GET`);
    const a = targets.find((t) => t.name === 'A');
    const bt = targets.find((t) => t.name === 'B');
    if (a !== undefined && bt !== undefined) {
      const paired = bt.us.map((v, i) => v / (a.us[i] ?? v));
      console.log(
        `paired B/A median ${median(paired).toFixed(3)} (${paired.map((v) => v.toFixed(2)).join(' ')})`,
      );
    }
    if (process.env['AB_PROFILE'] === '1') {
      for (const [i, g] of gateways.entries()) {
        const t = targets[i];
        if (t === undefined) continue;
        const profile = await recordProfile(g.pid, g.cpuProfile, async () => {
          await runLoad({ url: t.url, headers: t.headers, connections: 50, durationSeconds: 4 });
        });
        const file = path.join(os.tmpdir(), `gatehouse-ab-${t.name}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        console.log(`${t.name} top self time (whole profile: ${file}):`);
        for (const row of topSelfTime(profile, 40))
          console.log(`  ${row.percent.toFixed(1)}%  ${row.where}`);
      }
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
