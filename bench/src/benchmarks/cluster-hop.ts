import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import {
  startBenchCluster,
  type BenchCluster,
  type ClusterNode,
} from '../cluster/cluster-nodes.ts';
import { BENCH_NAMESPACE, bindTunnelKey } from '../cluster/tunnel-owner.ts';
import { benchAccount } from '../gateway/account.ts';
import { compareGets, verifyGet, type GetTarget, type Measured } from '../gateway/compare-gets.ts';
import { startUpstream } from '../gateway/upstream.ts';
import { SMALL_BODY } from '../gateway/upstream-server.ts';
import { httpRequest } from '../lib/http.ts';
import { busyMachineNotes } from '../lib/load-note.ts';
import { ratio } from '../lib/stats.ts';
import { obtainAccessToken } from '../mcp-gateway/access-token.ts';
import { makeKey, spawnSsh } from '../tunnel/ssh-client.ts';

const CONCURRENCIES = [1, 50] as const;
const ROUTE = 'mcp';
const SERVING_TIMEOUT_MS = 60_000;

function median(m: Map<GetTarget, Measured>, t: GetTarget) {
  const measured = m.get(t);
  if (measured === undefined) throw new Error(`${t.name} was not measured`);
  return measured;
}

/** Polls until `target` answers GET / with 200 (the tunnel is claimed and, for B, listed). */
async function untilServing(target: GetTarget, cluster: BenchCluster): Promise<void> {
  const deadline = performance.now() + SERVING_TIMEOUT_MS;
  for (;;) {
    const reply = await httpRequest(`http://127.0.0.1:${target.port}/`, {
      headers: target.headers,
      agent: false,
    });
    if (reply.status === 200) return;
    if (performance.now() > deadline) {
      const last = `${reply.status} ${reply.body.slice(0, 200)}`;
      throw new Error(`${target.name} never served the tunnel (last: ${last}) in ${cluster.dir}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The added p50 first: it is the section's headline in the summary (the first row without a goal). */
function rowsFor(c: number, same: Measured, cross: Measured): Row[] {
  return [
    {
      metric: `added p50 of the hop, c=${c}`,
      unit: 'ms',
      value: cross.median.p50Ms - same.median.p50Ms,
    },
    {
      metric: `latency p50, c=${c}`,
      unit: 'ms',
      value: cross.median.p50Ms,
      baseline: same.median.p50Ms,
    },
    {
      metric: `throughput, c=${c}`,
      unit: 'req/s',
      value: cross.median.requestsPerSecond,
      baseline: same.median.requestsPerSecond,
    },
  ];
}

/**
 * One `ssh -R` tunnel held on node A of a two-node cluster; GETs through it entering node A
 * (same node) and entering node B (which forwards over the internal, signed hop to A).
 */
export const clusterHop: Benchmark = {
  id: 'cluster-hop',
  title: 'cluster: tunnel request entering another node (internal hop) vs the holding node',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-hop-'));
    const stops: (() => Promise<void>)[] = [];
    let a: ClusterNode | undefined;
    try {
      const upstream = await startUpstream();
      stops.push(() => upstream.stop());
      const cluster = await startBenchCluster(dir);
      stops.push(() => cluster.stop());
      const account = benchAccount();
      await cluster.addAccount(account.email, account.password);
      const key = makeKey(dir, 'laptop');
      await bindTunnelKey(cluster.storeFile, account.email, key);
      a = await cluster.start('a');
      const b = await cluster.start('b');
      const ssh = spawnSsh({
        port: a.sshPort,
        key,
        args: ['-R', '0', '127.0.0.1', '--', '--to', `127.0.0.1:${upstream.port}`],
        stdin: true,
      });
      stops.push(() => ssh.stop());
      const host = cluster.host(`${ROUTE}.${BENCH_NAMESPACE}`);
      const issued = await obtainAccessToken({
        authOrigin: `http://${cluster.host('auth')}`,
        resource: `http://${host}/mcp`,
        credentials: account,
      });
      const headers = { host, authorization: `Bearer ${issued.accessToken}` };
      const same: GetTarget = {
        name: 'entering node A',
        port: a.edgePort,
        headers,
        process: a.child,
      };
      const cross: GetTarget = {
        name: 'entering node B',
        port: b.edgePort,
        headers,
        process: b.child,
      };
      const rows: Row[] = [];
      const rounds: string[] = [];
      try {
        await untilServing(same, cluster);
        await untilServing(cross, cluster);
        for (const t of [same, cross]) await verifyGet(t, { status: [200], body: SMALL_BODY });
        for (const c of CONCURRENCIES) {
          const measured = await compareGets(context, [same, cross], c);
          rows.push(...rowsFor(c, median(measured, same), median(measured, cross)));
          rounds.push(roundsNote(c, median(measured, same), median(measured, cross)));
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(
          `${message}\n--- node A ---\n${a.output()}\n--- node B ---\n${b.output()}\n--- ssh ---\n${ssh.output()}`,
          { cause: error },
        );
      }
      return {
        baselineLabel: 'entering node A (holds the tunnel)',
        rows,
        notes: [...notesOf(context), ...rounds, ...busyMachineNotes()],
      };
    } finally {
      for (const stop of stops.reverse()) await stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

function roundsNote(c: number, same: Measured, cross: Measured): string {
  const list = (rates: readonly number[]) =>
    rates.map((r) => Math.round(r).toLocaleString('en-US')).join(' / ');
  const r = ratio(cross.median.requestsPerSecond, same.median.requestsPerSecond);
  return (
    `c=${c} rounds (req/s): entering A ${list(same.rounds)}; entering B ${list(cross.rounds)} ` +
    `(throughput ratio B/A ${r.toFixed(2)}×).`
  );
}

function notesOf(context: BenchContext): string[] {
  return [
    'Two `gatehouse serve` processes on one data_dir (one SQLite store, one cluster secret), ' +
      'each with its own edge, SSH and internal-hop listener on 127.0.0.1. One real OpenSSH ' +
      '`ssh -R 0 … -- --to <upstream>` connects to node A (its key bound up front, as a ' +
      'remembered key is); a bare node:http upstream answers GET / with a small body. The same ' +
      'GET with a real bearer token for the tunnel route enters node A (it holds the SSH ' +
      'connection) or node B (no tunnel: it looks the route up in the store and forwards the ' +
      'request over the signed internal hop to A). "added p50" = B p50 − A p50.',
    'On this 2-core machine the load generator (autocannon, in the bench process), both nodes, ' +
      'the ssh client and the upstream share the two cores, and entering B adds a busy process ' +
      'to the path: the ratio shows the hop’s cost here, not on separate machines.',
    `Per concurrency: ${context.warmupSeconds} s warm-up per entry node, then ${context.rounds} ` +
      `round(s) of ${context.durationSeconds} s each, the first one rotating; the median round ` +
      'counts. Any non-2xx, connection error or timeout fails the benchmark.',
  ];
}
