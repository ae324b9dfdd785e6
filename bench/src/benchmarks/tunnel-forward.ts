import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { compareGets, verifyGet, type GetTarget, type Measured } from '../gateway/compare-gets.ts';
import { formatSelfTime, profileWhile } from '../lib/cpu-profile.ts';
import { runLoad } from '../lib/load.ts';
import { ratio } from '../lib/stats.ts';
import { timeDownload } from '../tunnel/download.ts';
import { measureForwardCpu } from '../tunnel/forward-cpu.ts';
import { startForwardTargets, type ForwardTargets } from '../tunnel/forward-targets.ts';
import {
  measureDownloads,
  measureSse,
  megabytesPerSecond,
  SSE_EVENTS,
  SSE_GAP_MS,
  type DownloadMeasure,
  type SseMeasure,
} from '../tunnel/stream-measures.ts';
import { sshdMissing } from '../tunnel/sshd.ts';
import { DOWNLOAD_BYTES, SMALL_BODY } from '../tunnel/upstream-server.ts';

const CONCURRENCIES = [1, 50] as const;
/** The goal: at least OpenSSH's own remote forward, on GETs at c=1 and c=50 and MB/s. */
const GOAL_RATIO = 1.0;
/** Four GET targets × two concurrencies must fit the tunnel benchmarks' ~4 minutes. */
const MAX_ROUND_SECONDS = 5;
const MAX_WARMUP_SECONDS = 2;

function get<T>(m: Map<GetTarget, T>, t: GetTarget): T {
  const value = m.get(t);
  if (value === undefined) throw new Error(`${t.name} was not measured`);
  return value;
}

const vsOpenssh = (missing: boolean) => (missing ? ' (OpenSSH not measured)' : '');
/** `{ baseline }` when there is one (OpenSSH may not be installed). */
const base = (baseline: number | undefined) => (baseline === undefined ? {} : { baseline });

function getRows(c: number, m: Map<GetTarget, Measured>, t: ForwardTargets): Row[] {
  const ours = get(m, t.tunnel).median;
  const direct = get(m, t.direct).median;
  const ref = t.openssh === undefined ? undefined : get(m, t.openssh).median;
  const note = vsOpenssh(ref === undefined);
  return [
    {
      metric: `throughput, c=${c}${note}`,
      unit: 'req/s',
      value: ours.requestsPerSecond,
      ...(ref !== undefined && {
        baseline: ref.requestsPerSecond,
        goal: {
          text: `≥ ${GOAL_RATIO.toFixed(1)}× OpenSSH`,
          met: ratio(ours.requestsPerSecond, ref.requestsPerSecond) >= GOAL_RATIO,
        },
      }),
    },
    { metric: `latency p50, c=${c}${note}`, unit: 'ms', value: ours.p50Ms, ...base(ref?.p50Ms) },
    { metric: `latency p99, c=${c}${note}`, unit: 'ms', value: ours.p99Ms, ...base(ref?.p99Ms) },
    {
      metric: `throughput vs direct, c=${c}`,
      unit: 'req/s',
      value: ours.requestsPerSecond,
      baseline: direct.requestsPerSecond,
    },
    // The SSH tunnel alone (no HTTP hop): what of the gap above is the hop and what the tunnel.
    {
      metric: `throughput, c=${c}, byte relay${note}`,
      unit: 'req/s',
      value: get(m, t.tunnelRelay).median.requestsPerSecond,
      ...base(ref?.requestsPerSecond),
    },
  ];
}

function streamRows(
  downloads: Map<GetTarget, DownloadMeasure>,
  sse: Map<GetTarget, SseMeasure>,
  t: ForwardTargets,
): Row[] {
  const ours = get(downloads, t.tunnel).medianMs;
  const ref = t.openssh === undefined ? undefined : get(downloads, t.openssh).medianMs;
  const oursSse = get(sse, t.tunnel);
  const refSse = t.openssh === undefined ? undefined : get(sse, t.openssh);
  const note = vsOpenssh(ref === undefined);
  return [
    {
      metric: `100 MB download time${note}`,
      unit: 'ms',
      value: ours,
      ...(ref !== undefined && {
        baseline: ref,
        // Time ≤ OpenSSH's time is MB/s ≥ OpenSSH's MB/s.
        goal: { text: `≥ ${GOAL_RATIO.toFixed(1)}× OpenSSH MB/s`, met: ours <= ref / GOAL_RATIO },
      }),
    },
    {
      metric: '100 MB download time vs direct',
      unit: 'ms',
      value: ours,
      baseline: get(downloads, t.direct).medianMs,
    },
    {
      metric: `SSE event latency p50${note}`,
      unit: 'ms',
      value: oursSse.p50Ms,
      ...base(refSse?.p50Ms),
    },
    {
      metric: `SSE event latency p99${note}`,
      unit: 'ms',
      value: oursSse.p99Ms,
      ...base(refSse?.p99Ms),
    },
    {
      metric: 'SSE event latency p50 vs direct',
      unit: 'ms',
      value: oursSse.p50Ms,
      baseline: get(sse, t.direct).p50Ms,
    },
  ];
}

/** Per-target figures the table has no column for: direct, ratios, MB/s, every round. */
function figureNotes(
  gets: ReadonlyMap<number, Map<GetTarget, Measured>>,
  downloads: Map<GetTarget, DownloadMeasure>,
  sse: Map<GetTarget, SseMeasure>,
  all: readonly GetTarget[],
  t: ForwardTargets,
): string[] {
  const notes: string[] = [];
  const whole = (n: number) => Math.round(n).toLocaleString('en-US');
  for (const [c, m] of gets) {
    const direct = get(m, t.direct).median.requestsPerSecond;
    const parts = [...all, t.tunnelRelay].map((target) => {
      const r = get(m, target);
      return (
        `${target.name} ${whole(r.median.requestsPerSecond)} req/s = ` +
        `${ratio(r.median.requestsPerSecond, direct).toFixed(2)}× direct ` +
        `(p50 ${r.median.p50Ms.toFixed(3)} ms, p99 ${r.median.p99Ms.toFixed(3)} ms; rounds ` +
        `${r.rounds.map(whole).join(' / ')})`
      );
    });
    notes.push(`c=${c} GETs (median round): ${parts.join('; ')}.`);
  }
  const mb = all.map((target) => {
    const d = get(downloads, target);
    const rounds = d.roundsMs.map((ms) => megabytesPerSecond(ms).toFixed(0)).join(' / ');
    return `${target.name} ${megabytesPerSecond(d.medianMs).toFixed(0)} MB/s (rounds ${rounds})`;
  });
  notes.push(`100 MB download (median round): ${mb.join('; ')}.`);
  const events = all.map((target) => {
    const s = get(sse, target);
    return `${target.name} p50 ${s.p50Ms.toFixed(3)} ms, p99 ${s.p99Ms.toFixed(3)} ms`;
  });
  notes.push(`SSE event latency: ${events.join('; ')}.`);
  return notes;
}

async function measure(context: BenchContext, t: ForwardTargets) {
  const all = [t.direct, t.tunnel, ...(t.openssh === undefined ? [] : [t.openssh])];
  // A benchmark of error pages is worthless: every path must return the upstream's own body.
  for (const target of all) await verifyGet(target, { status: [200], body: SMALL_BODY });
  const short: BenchContext = {
    ...context,
    durationSeconds: Math.min(context.durationSeconds, MAX_ROUND_SECONDS),
    warmupSeconds: Math.min(context.warmupSeconds, MAX_WARMUP_SECONDS),
  };
  const rows: Row[] = [];
  const gets = new Map<number, Map<GetTarget, Measured>>();
  // GETs also through the byte relay (the tunnel without the HTTP hop); streams only as above.
  const getTargets = [...all, t.tunnelRelay];
  for (const target of getTargets.slice(all.length)) {
    await verifyGet(target, { status: [200], body: SMALL_BODY });
  }
  for (const c of CONCURRENCIES) {
    const m = await compareGets(short, getTargets, c);
    t.assertAlive();
    gets.set(c, m);
    rows.push(...getRows(c, m, t));
  }
  context.log('  100 MB downloads');
  const downloads = await measureDownloads(context, all);
  context.log(`  SSE: ${SSE_EVENTS} events ${SSE_GAP_MS} ms apart per target`);
  const sse = await measureSse(context, all);
  t.assertAlive();
  rows.push(...streamRows(downloads, sse, t));
  const cpu = await measureForwardCpu(context, t);
  rows.push(...cpu.rows);
  context.log('  CPU profile of the tunnel process');
  const profiles = await profileTunnel(t);
  return {
    rows,
    notes: [
      ...methodNotes(short, t),
      ...figureNotes(gets, downloads, sse, all, t),
      ...cpu.notes,
      ...profiles,
    ],
  };
}

const PROFILE_SECONDS = 3;

/** After measuring: the tunnel process profiled over c=1 and c=50 GETs, then one 100 MB download. */
async function profileTunnel(t: ForwardTargets): Promise<string[]> {
  const how = 'profiled after the measured rounds with the V8 sampling profiler at 250 µs';
  const lines: string[] = [];
  for (const connections of [1, 50]) {
    const gets = await profileWhile(t.tunnelHost.pid, t.tunnelHost.cpuProfile, async () => {
      await runLoad({
        url: `http://127.0.0.1:${t.tunnel.port}/`,
        headers: {},
        connections,
        durationSeconds: PROFILE_SECONDS,
      });
    });
    const what = `the tunnel process over ${PROFILE_SECONDS} s of c=${connections} GETs (${how})`;
    lines.push(formatSelfTime(what, gets));
  }
  const download = await profileWhile(t.tunnelHost.pid, t.tunnelHost.cpuProfile, async () => {
    await timeDownload(`http://127.0.0.1:${t.tunnel.port}/download`, DOWNLOAD_BYTES);
  });
  lines.push(formatSelfTime(`the tunnel process over one 100 MB download (${how})`, download));
  return lines;
}

export const tunnelForward: Benchmark = {
  id: 'tunnel-forward',
  title: 'tunnel: GETs, 100 MB download and SSE through the tunnel vs OpenSSH -R and direct',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-tunnel-'));
    try {
      const targets = await startForwardTargets(dir);
      try {
        const { rows, notes } = await measure(context, targets);
        return { baselineLabel: 'OpenSSH remote forward', rows, notes };
      } finally {
        await targets.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

function methodNotes(short: BenchContext, t: ForwardTargets): string[] {
  return [
    'One node:http upstream process (`bench/src/tunnel/upstream-server.ts`: `GET /` a ' +
      `${Buffer.byteLength(SMALL_BODY)}-byte body, \`GET /download\` 10⁸ bytes, \`GET /events\` ` +
      'SSE) reached three ways. **Direct.** **Gatehouse tunnel**: `createTunnelServer` from ' +
      '`@gatehouse/tunnel` in its own process with the bench key bound up front ' +
      '(`bench/src/tunnel/bench-accounts.ts`), and the real `/usr/bin/ssh -N -R 0` (dynamic: the ' +
      'ssh client is the SOCKS server, the tunnel dials the upstream through it); requests enter ' +
      'a node:http front in the same process that forwards them with the gateway’s own proxy ' +
      'engine (`createProxy`: an undici keep-alive pool per route over the tunnel’s `Upstream`, ' +
      'as the gateway reaches a tunnel route), without the gateway’s sign-in, policy or ' +
      'logging, so the tunnel and its HTTP hop are what is measured. **OpenSSH**: ' +
      (t.sshdVersion === undefined
        ? `not measured (${sshdMissing() ?? 'sshd did not start'}).`
        : `\`${t.sshdVersion}\` sshd on a loopback port with its own config and host key ` +
          '(`AllowTcpForwarding remote`, `GatewayPorts no`, `UsePAM no`), and ' +
          '`ssh -N -R 0:127.0.0.1:<upstream>`; requests go to the loopback port sshd allocated.'),
    'GETs are also sent through a byte relay in the tunnel process ' +
      '(`bench/src/tunnel/relay-front.ts`: one `forwarded-tcpip` channel per TCP connection, bytes ' +
      'piped unparsed, which is what sshd does for `-R`): the `byte relay` rows are the SSH tunnel ' +
      'alone, so the gap between them and the HTTP-front rows is the HTTP hop (no goal on them).',
    'Both tunnels use one SSH connection from the same OpenSSH client binary and key (ed25519), ' +
      'the tunnel offers AES-GCM only (`packages/tunnel/src/ciphers.ts`), sshd its defaults; ' +
      'negotiated cipher (`ssh -v`): tunnel ' +
      `\`${t.ciphers.tunnel}\`, OpenSSH \`${t.ciphers.openssh ?? 'not measured'}\`. ` +
      'ssh2’s native crypto ' +
      `binding (\`sshcrypto.node\`) ${t.nativeCrypto ? 'loaded' : 'did NOT load'} in the tunnel ` +
      `process${t.nativeCrypto ? '' : ': ssh2 runs AES-GCM through node:crypto (OpenSSL), one cipher object per packet'}. ` +
      'Every process is on this machine: on 2 cores the tunnel paths run four busy processes ' +
      '(load generator, sshd or tunnel, ssh client, upstream).',
    `GETs: autocannon in the bench process, keep-alive, no pipelining; per concurrency ` +
      `${short.warmupSeconds} s warm-up per target, then ${short.rounds} round(s) of ` +
      `${short.durationSeconds} s per target (capped at ${MAX_ROUND_SECONDS} s to keep the tunnel ` +
      'benchmarks near 4 minutes), the first target rotating; the median round is shown. Any ' +
      'non-2xx, error or timeout fails the benchmark. Before loading, each path must answer the ' +
      'upstream’s exact body.',
    `100 MB download: \`GET /download\` (10⁸ bytes, 1 MB = 10⁶ bytes) on a fresh client ` +
      `connection, timed request → last byte; one discarded run, then ${short.rounds} round(s) ` +
      'per target, rotating; median. The table shows time (lower is better); the goal is on MB/s, ' +
      'which is the inverse; MB/s per target are in the notes below.',
    `SSE event latency: one \`text/event-stream\` per target; the upstream writes ${SSE_EVENTS} ` +
      `events ${SSE_GAP_MS} ms apart, each stamped with its write instant ` +
      '(`performance.timeOrigin + performance.now()`, the same clock in every process); latency ' +
      '= arrival in the bench process − stamp; p50 and p99 over the events.',
  ];
}
