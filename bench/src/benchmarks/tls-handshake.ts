import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchContext, BenchmarkResult, Row } from '../benchmark.ts';
import { ratio } from '../lib/stats.ts';
import { benchNames, makeTestPki, tlsYaml } from '../tls/certs.ts';
import {
  CLIENT_THREADS,
  CONCURRENCY,
  measureScenarios,
  ticketsFor,
  verifyNames,
  type Scenario,
  type ScenarioResult,
} from '../tls/handshake-rounds.ts';
import { startTlsGateway, type TlsGateway } from '../tls/tls-gateway.ts';

const NAME_COUNT = 100;

const rate = (n: number) => Math.round(n).toLocaleString('en-US');

function resultOf(m: Map<Scenario, ScenarioResult>, s: Scenario): ScenarioResult {
  const found = m.get(s);
  if (found === undefined) throw new Error(`${s.name} was not measured`);
  return found;
}

type Named = ScenarioResult & { readonly name: string };

/** Rows and notes: 100 names against 1 name (full), and resumed against full (100 names). */
function report(context: BenchContext, f1: Named, f100: Named, r100: Named): BenchmarkResult {
  const all = [f1, f100, r100];
  const rows: Row[] = [
    {
      metric: 'full handshakes, 100 names vs 1 name',
      unit: 'handshakes/s',
      value: f100.median,
      baseline: f1.median,
    },
    {
      metric: 'resumed vs full handshakes, 100 names',
      unit: 'handshakes/s',
      value: r100.median,
      baseline: f100.median,
    },
    {
      metric: 'edge CPU per full handshake, 100 names vs 1 name',
      unit: 'ms',
      value: f100.cpuMsPerHandshake,
      baseline: f1.cpuMsPerHandshake,
    },
    {
      metric: 'edge CPU per resumed vs full handshake, 100 names',
      unit: 'ms',
      value: r100.cpuMsPerHandshake,
      baseline: f100.cpuMsPerHandshake,
    },
  ];
  const rounds = all.map((r) => `${r.name}: ${r.rounds.map(rate).join(' / ')}`).join('; ');
  // Rate × CPU per handshake = the edge's share of one core.
  const busy = all.map((r) => `${Math.round((r.median * r.cpuMsPerHandshake) / 10)} %`);
  return {
    baselineLabel: '1 name, or full (resumed rows)',
    rows,
    notes: [
      ...methodNotes(context),
      `Rounds (handshakes/s): ${rounds}. Handshakes counted: ` +
        `${all.map((r) => r.handshakes.toLocaleString('en-US')).join(' / ')}.`,
      `Resumed ÷ full on the 100-name edge: ${ratio(r100.median, f100.median).toFixed(2)}×; ` +
        `100 names ÷ 1 name (full): ${ratio(f100.median, f1.median).toFixed(2)}×.`,
      `Edge busy (median-round rate × CPU per handshake, % of one core): ${busy.join(' / ')}. ` +
        'Below 100 %, the client threads and the shared machine, not the edge, limit the ' +
        'rate: then the edge CPU rows are the ones that compare the edge.',
    ],
  };
}

export const tlsHandshake: Benchmark = {
  id: 'tls-handshake',
  title: 'TLS: handshakes/s on the edge with 100 SNI names vs one, resumed vs full',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-tls-'));
    const gateways: TlsGateway[] = [];
    try {
      const names = benchNames(NAME_COUNT);
      context.log(`  making a test CA and ${NAME_COUNT} leaf certificates (openssl)`);
      const pki = await makeTestPki(path.join(dir, 'pki'), names);
      const [firstLeaf] = pki.leaves;
      const [firstName] = names;
      if (firstLeaf === undefined || firstName === undefined) throw new Error('no certificates');
      const one = await startTlsGateway(path.join(dir, 'one'), tlsYaml([firstLeaf]), firstName);
      gateways.push(one);
      const hundred = await startTlsGateway(
        path.join(dir, 'hundred'),
        tlsYaml(pki.leaves),
        firstName,
      );
      gateways.push(hundred);
      // A benchmark of the fallback certificate is worthless: each name must get its own.
      await verifyNames(one.port, [firstName], pki.caPem);
      await verifyNames(hundred.port, names, pki.caPem);
      const sessions = await ticketsFor(hundred.port, names);

      const full1: Scenario = {
        name: 'full, 1 name',
        pid: one.pid,
        load: { port: one.port, names: [firstName] },
      };
      const full100: Scenario = {
        name: 'full, 100 names',
        pid: hundred.pid,
        load: { port: hundred.port, names },
      };
      const resumed100: Scenario = {
        name: 'resumed, 100 names',
        pid: hundred.pid,
        load: { port: hundred.port, names, sessions },
      };
      const m = await measureScenarios(context, [full1, full100, resumed100]);
      const named = (sc: Scenario) => ({ name: sc.name, ...resultOf(m, sc) });
      return report(context, named(full1), named(full100), named(resumed100));
    } catch (error) {
      const tails = gateways.map((g) => `--- gateway :${g.port} ---\n${g.output()}`).join('\n');
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\n${tails}`, { cause: error });
    } finally {
      for (const g of gateways.reverse()) await g.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

function methodNotes(context: BenchContext): string[] {
  return [
    `Two edges, each \`gatehouse serve --config …\` (the real CLI, \`NODE_ENV=production\`, ` +
      'no ACME, no SSH): one with a single certificate, one with 100 (`tls.certificates`, one ' +
      'file pair per name). The bench makes a test CA and 100 P-256 leaf certificates with ' +
      `openssl at start (names \`host-000.bench.test\` … \`host-099.bench.test\`).`,
    'Checked before loading: every name gets its own certificate, verified against the test CA ' +
      '(not the no-SNI fallback), and a session ticket for every name resumes.',
    `Load: ${CLIENT_THREADS} worker threads of the bench process with ${CONCURRENCY} loops each, every loop opening a new TLS connection ` +
      '(Node `tls.connect`, TLS 1.3, ALPN http/1.1) to 127.0.0.1, counting it at ' +
      '`secureConnect` and closing it, SNI names taken in turn. Full handshakes offer no ' +
      'session; resumed ones offer the ticket got for that name before the load (RFC 8446 ' +
      '§2.2, PSK with (EC)DHE). Any failed handshake, or one that resumed when it should not ' +
      '(or the reverse, by `isSessionReused()`), fails the benchmark.',
    `${context.warmupSeconds} s warm-up per scenario (discarded), then ${context.rounds} ` +
      `round(s) of ${context.durationSeconds} s per scenario, the first scenario rotating; the ` +
      'median round is shown. The client does about as much crypto as the edge, and both share ' +
      'the 2 cores, so the rates are of client plus edge; the "edge CPU" rows charge the edge ' +
      'process alone (its user + system time from `/proc/<pid>/stat` over the round, divided ' +
      'by the handshakes; the median round). Issue 14 gives no goal number: reported, no goal.',
  ];
}
