import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { median, percentile } from '../lib/stats.ts';
import { handshakeOnce, type HandshakeOutcome } from '../tls/handshake.ts';
import { AUTH_HOST, startOnDemandSetup } from '../tls/on-demand-system.ts';

/** Names ordered one after another: a few, so pebble and the hourly limit stay small. */
const ROUTES = ['alpha', 'bravo', 'charlie', 'delta', 'echo'] as const;
/** Handshakes for already-issued names, the baseline. */
const ISSUED_SAMPLES = 20;

/** Spawned by the run; a missing one would only show as a spawn error event. */
const REQUIRED = ['/usr/bin/pebble', '/usr/bin/pebble-challtestsrv', '/usr/bin/ssh'] as const;

const ms = (values: readonly number[]) => values.map((v) => v.toFixed(1)).join(' / ');

/** A verified handshake for `servername`, or an error naming what was wrong. */
async function verified(port: number, servername: string, root: string): Promise<HandshakeOutcome> {
  const outcome = await handshakeOnce({ port, servername, ca: root });
  if (!outcome.ok || !outcome.authorized || outcome.subjectAltName !== `DNS:${servername}`) {
    throw new Error(
      `handshake for ${servername}: ok=${outcome.ok} authorized=${outcome.authorized} ` +
        `SAN=${outcome.subjectAltName ?? 'none'} ${outcome.error ?? ''}`,
    );
  }
  return outcome;
}

export const tlsOnDemand: Benchmark = {
  id: 'tls-on-demand',
  title: 'TLS: first handshake for an on-demand tunnel name (ACME issuance against pebble)',
  async run(context: BenchContext) {
    const missing = REQUIRED.filter((file) => !existsSync(file));
    if (missing.length > 0) {
      throw new Error(
        `${missing.join(', ')} missing: apt-get install pebble openssh-client (as .ci/run does)`,
      );
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-ondemand-'));
    try {
      context.log('  starting pebble, the server with tls.acme and an ssh tunnel per route');
      const setup = await startOnDemandSetup(dir, ROUTES);
      try {
        const first: number[] = [];
        const issued: number[] = [];
        for (const route of ROUTES) {
          const host = setup.tunnelHost(route);
          const orders = setup.pebble.orders();
          first.push((await verified(setup.port, host, setup.root)).ms);
          // Exactly one ACME order per on-demand name: the first handshake waited for it.
          if (setup.pebble.orders() !== orders + 1) {
            throw new Error(`${host}: ${setup.pebble.orders() - orders} orders, expected 1`);
          }
          context.log(`  ${host}: first handshake ${first.at(-1)?.toFixed(0)} ms`);
        }
        const names = [AUTH_HOST, ...ROUTES.map((r) => setup.tunnelHost(r))];
        for (let i = 0; i < ISSUED_SAMPLES; i++) {
          const name = names[i % names.length] ?? AUTH_HOST;
          issued.push((await verified(setup.port, name, setup.root)).ms);
        }
        const p50First = median(first);
        const p50Issued = median(issued);
        const rows: Row[] = [
          {
            metric: `first handshake, on-demand name (p50 of ${ROUTES.length})`,
            unit: 'ms',
            value: p50First,
            baseline: p50Issued,
          },
          {
            metric: 'first handshake, on-demand name (max)',
            unit: 'ms',
            value: Math.max(...first),
          },
          {
            metric: `handshake, already-issued name (p50 of ${ISSUED_SAMPLES})`,
            unit: 'ms',
            value: p50Issued,
          },
          {
            metric: 'handshake, already-issued name (p99)',
            unit: 'ms',
            value: percentile(issued, 99),
          },
        ];
        return {
          baselineLabel: 'already-issued name',
          rows,
          notes: [
            ...methodNotes(),
            `First handshakes (ms, in order): ${ms(first)}. Already-issued handshakes (ms): ` +
              `${ms(issued)}.`,
          ],
        };
      } finally {
        await setup.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

function methodNotes(): string[] {
  return [
    "Debian's `pebble` (ACME server, RFC 8555) and `pebble-challtestsrv` (its DNS: every name → " +
      '127.0.0.1) on loopback, with `PEBBLE_VA_NOSLEEP=1` (no random validation delay) and ' +
      "`PEBBLE_AUTHZREUSE=0` (every order is validated afresh), started by the gateway tests' " +
      'own helper. The server is `startSystem` (gateway + SSH tunnel, as `gatehouse serve`) in ' +
      'the bench process with `tls.acme` on pebble and `tunnel_url: ' +
      "https://{route}--{namespace}.tunnels.example.test`; the authenticate host's certificate " +
      'is issued before timing.',
    `The real OpenSSH client holds one session with ${ROUTES.length} live tunnels ` +
      `(\`ssh -N ${ROUTES.map((r) => `-R ${r}:0`).join(' ')}\`). Each tunnel host then gets ` +
      "one TLS handshake (Node `tls.connect`, verified against pebble's root for that name), " +
      'one name after another: connect → `secureConnect` includes the on-demand gate, the ' +
      'ACME order, tls-alpn-01 validation by pebble on the same edge (RFC 8737), finalization ' +
      'and the download. Exactly one pebble order per name is checked.',
    `Baseline: ${ISSUED_SAMPLES} handshakes, new connection each, for names already issued ` +
      '(the authenticate host and the tunnel hosts just ordered), in the same run. ' +
      'Issue 14 gives no goal number: reported, no goal. pebble runs on loopback with no ' +
      'queue, rate limits or CT logging, so against a public CA the first handshake also waits ' +
      "for the CA's own latency; this measures Gatehouse's part plus a local CA.",
    'A first handshake of 5 s or more is the ACME client polling: when pebble has not finished ' +
      'validating at the first status poll (a loaded machine), acme-client waits its default ' +
      '`backoffMin` of 5 s before asking again (`packages/gateway/src/tls/acme/client.ts` keeps ' +
      "acme-client's backoff defaults).",
  ];
}
