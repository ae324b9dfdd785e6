import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { benchAccount, type BenchAccount } from '../gateway/account.ts';
import {
  startGatewayProcess,
  withGatewayOutput,
  type GatewayProcess,
} from '../gateway/gateway-process.ts';
import { openFiles, openFilesLimit, rssKiB } from '../gateway/proc-status.ts';
import { signIn } from '../gateway/sign-in.ts';
import { sseFirstChunk } from '../gateway/sse-probe.ts';
import { openSseStreams, STREAMS_PER_PROCESS } from '../gateway/sse-clients.ts';
import { startUpstream } from '../gateway/upstream.ts';
import { SSE_FIRST_LINE } from '../gateway/upstream-server.ts';
import type { RunningServer } from '../lib/child-server.ts';

const TARGET_STREAMS = 10_000;
const GOAL_MB = 300;
/** Descriptors kept free in the gateway for its own files, the store and new connections. */
const FD_RESERVE = 100;
/** Fewer streams than this would make any per-stream figure, let alone a projection, noise. */
const MIN_STREAMS = 500;
const OPEN_FILES_WANTED = 2 * TARGET_STREAMS + 500;
/** Generous: at a load average of ~20 on 2 cores, 120 s opened only 5,402–7,294 of 9,936 streams. */
const OPEN_TIMEOUT_MS = 360_000;
/** Quiet time before each RSS reading, so the reading is of an idle process. */
const SETTLE_MS = 3_000;
/** 1 kB = 1000 bytes (as in the report's other sizes); /proc reports KiB. */
const kB = (kib: number) => (kib * 1024) / 1000;

interface Variant {
  readonly label: string;
  readonly route: string;
  readonly yaml: (upstreamPort: number) => string;
  readonly session: boolean;
}

const VARIANTS: readonly Variant[] = [
  {
    label: 'public route',
    route: 'open',
    session: false,
    yaml: (up) => `  - from: http://open.localhost:{{port}}
    to: http://127.0.0.1:${up}
    allow_public_unauthenticated_access: true
`,
  },
  {
    label: 'session route',
    route: 'app',
    session: true,
    yaml: (up) => `  - from: http://app.localhost:{{port}}
    to: http://127.0.0.1:${up}
    policy:
      allow:
        and:
          - domain: { is: example.com }
`,
  },
];

interface Measured {
  readonly variant: Variant;
  readonly streams: number;
  readonly limit: number;
  readonly beforeKiB: number;
  readonly afterKiB: number;
  /** The upstream's RSS before and with the streams: a bare node:http server holding them. */
  readonly upstreamBeforeKiB: number;
  readonly upstreamAfterKiB: number;
  readonly fdsAfter: number;
  readonly openedInMs: number;
  readonly processes: number;
}

/** One stream must carry the upstream's first line, and the session route refuse no cookie. */
async function sanityCheck(gateway: GatewayProcess, variant: Variant, cookie?: string) {
  const host = gateway.host(variant.route);
  const first = await sseFirstChunk(gateway.port, host, '/sse', cookie);
  if (
    first.status !== 200 ||
    !first.contentType.startsWith('text/event-stream') ||
    first.text !== SSE_FIRST_LINE
  ) {
    throw new Error(
      `${variant.label}: GET /sse answered ${first.status} ${first.contentType} ` +
        `${JSON.stringify(first.text.slice(0, 100))}, expected 200 text/event-stream ${JSON.stringify(SSE_FIRST_LINE)}`,
    );
  }
  if (variant.session) {
    const refused = await sseFirstChunk(gateway.port, host, '/sse');
    if (refused.status !== 401 && refused.status !== 302) {
      throw new Error(
        `${variant.label}: without a session /sse answered ${refused.status}, expected 401`,
      );
    }
  }
}

/** Opens the streams through a running gateway and reads both processes' RSS. */
async function measureStreams(
  context: BenchContext,
  variant: Variant,
  gateway: GatewayProcess,
  upstream: RunningServer,
  account: BenchAccount,
): Promise<Measured> {
  const host = gateway.host(variant.route);
  const upstreamPid = upstream.child.pid ?? 0;
  const cookie = variant.session
    ? await signIn(`http://${host}/`, account.email, account.password)
    : undefined;
  await sanityCheck(gateway, variant, cookie);
  await sleep(SETTLE_MS);
  const beforeKiB = await rssKiB(gateway.pid);
  const upstreamBeforeKiB = await rssKiB(upstreamPid);
  // Each stream holds two descriptors in the gateway: the client's socket and the upstream's.
  const limit = await openFilesLimit(gateway.pid);
  const capacity = Math.floor((limit - (await openFiles(gateway.pid)) - FD_RESERVE) / 2);
  const total = Math.min(TARGET_STREAMS, capacity);
  if (total < MIN_STREAMS) {
    throw new Error(
      `the gateway may open only ${limit} files: too few for ${MIN_STREAMS} streams (raise ulimit -n)`,
    );
  }
  context.log(
    `  ${variant.label}: RSS ${Math.round(kB(beforeKiB) / 1000)} MB, opening ${total} streams`,
  );
  const streams = await openSseStreams({
    port: gateway.port,
    host,
    path: '/sse',
    total,
    ...(cookie !== undefined && { cookie }),
    timeoutMs: OPEN_TIMEOUT_MS,
  });
  try {
    await sleep(SETTLE_MS);
    streams.assertStillOpen();
    const afterKiB = await rssKiB(gateway.pid);
    const upstreamAfterKiB = await rssKiB(upstreamPid);
    const fdsAfter = await openFiles(gateway.pid);
    context.log(
      `  ${variant.label}: ${streams.open} streams open in ${(streams.openedInMs / 1000).toFixed(1)} s, ` +
        `RSS ${Math.round(kB(afterKiB) / 1000)} MB, ${fdsAfter} descriptors`,
    );
    return {
      variant,
      streams: streams.open,
      limit,
      beforeKiB,
      afterKiB,
      upstreamBeforeKiB,
      upstreamAfterKiB,
      fdsAfter,
      openedInMs: streams.openedInMs,
      processes: streams.processes,
    };
  } finally {
    await streams.close();
  }
}

/** A fresh upstream and gateway per variant, so neither carries the other's memory. */
async function measureVariant(
  context: BenchContext,
  variant: Variant,
  dir: string,
): Promise<Measured> {
  const upstream = await startUpstream();
  try {
    const account = benchAccount();
    const gateway = await startGatewayProcess({
      dir,
      routesYaml: variant.yaml(upstream.port),
      ...(variant.session && { account }),
      // Two descriptors per stream plus the gateway's own: asked for, granted only where allowed.
      openFiles: OPEN_FILES_WANTED,
    });
    try {
      return await measureStreams(context, variant, gateway, upstream, account);
    } catch (error) {
      throw withGatewayOutput(gateway, error);
    } finally {
      await gateway.stop();
    }
  } finally {
    await upstream.stop();
  }
}

function rowsFor(m: Measured): Row[] {
  const before = kB(m.beforeKiB);
  const after = kB(m.afterKiB);
  const perStream = (after - before) / m.streams;
  const goal = (value: number) => ({ text: `≤ ${GOAL_MB} MB`, met: value <= GOAL_MB * 1000 });
  const rows: Row[] = [
    {
      metric: `RSS, ${m.streams.toLocaleString('en-US')} idle streams, ${m.variant.label}`,
      unit: 'kB',
      value: after,
      baseline: before,
      ...(m.streams >= TARGET_STREAMS && { goal: goal(after) }),
    },
  ];
  if (m.streams < TARGET_STREAMS) {
    const extrapolated = before + perStream * TARGET_STREAMS;
    rows.push({
      metric: `RSS, ${TARGET_STREAMS.toLocaleString('en-US')} streams EXTRAPOLATED, ${m.variant.label}`,
      unit: 'kB',
      value: extrapolated,
      baseline: before,
      goal: goal(extrapolated),
    });
  }
  const upstreamPerStream = kB(m.upstreamAfterKiB - m.upstreamBeforeKiB) / m.streams;
  rows.push({
    metric: `RSS per stream vs bare node:http upstream, ${m.variant.label}`,
    unit: 'kB',
    value: perStream,
    baseline: upstreamPerStream,
  });
  return rows;
}

function notesFor(all: readonly Measured[]): string[] {
  const notes = [
    'Upstream: a node:http process answering `GET /sse` with `text/event-stream`, one comment ' +
      `line (\`${JSON.stringify(SSE_FIRST_LINE).slice(1, -1)}\`) and then nothing, the stream held ` +
      'open. Gatehouse: `gatehouse serve --config …` as its own process (so its RSS is its ' +
      'alone), route `timeout`/`idle_timeout` at their defaults (30 s to headers, 5 min idle).',
    `Clients: child processes of at most ${STREAMS_PER_PROCESS.toLocaleString('en-US')} streams ` +
      'each (fewer under a lower open-files limit), one connection per stream, at most 64 connecting at once per process; a stream ' +
      'counts when its first body bytes have arrived. Before the streams, one stream is checked ' +
      'to carry exactly the upstream’s first line (and the session route to answer 401 without ' +
      'its cookie); any failed or lost stream fails the benchmark.',
    `RSS = \`VmRSS\` of the gateway process from /proc, read after ${SETTLE_MS / 1000} s of quiet: ` +
      'before (after start-up, sign-in and the check) and with every stream open. Per stream = ' +
      'the difference ÷ streams. The baseline column is the same process before the streams. ' +
      `1 MB = 1000 kB = 10⁶ bytes; the goal is ${GOAL_MB} MB = ${(GOAL_MB * 1000).toLocaleString('en-US')} kB.`,
    'Per-stream reference: the upstream, a bare node:http server, holds the same streams (one ' +
      'socket each, against the gateway’s two: client side and upstream side); its RSS is read ' +
      'at the same moments, and its per-stream figure is the baseline of the per-stream row.',
    'Session route: `policy: allow: and: [domain: {is: example.com}]` with a real session ' +
      'cookie (so each stream also carries a signed identity assertion upstream).',
  ];
  for (const m of all) {
    notes.push(
      `${m.variant.label}: ${m.streams.toLocaleString('en-US')} streams from ${m.processes} client ` +
        `process(es), all open after ${(m.openedInMs / 1000).toFixed(1)} s; the gateway then held ` +
        `${m.fdsAfter.toLocaleString('en-US')} descriptors (open-files limit ${m.limit.toLocaleString('en-US')}).`,
    );
  }
  const limited = all.filter((m) => m.streams < TARGET_STREAMS);
  const first = limited[0];
  if (first !== undefined) {
    notes.push(
      `EXTRAPOLATION: the gateway's open-files limit (${first.limit}: Node raises the soft limit ` +
        'to the hard one at start, no further; two descriptors per stream, client side and upstream ' +
        `side) allows ${first.streams.toLocaleString('en-US')} streams, not ` +
        `${TARGET_STREAMS.toLocaleString('en-US')}. The EXTRAPOLATED rows are before + per-stream ` +
        `× ${TARGET_STREAMS.toLocaleString('en-US')}, linear: not measurements. With a higher ` +
        'hard limit (`ulimit -Hn` as root, LimitNOFILE in systemd, `--ulimit nofile=` in Docker) ' +
        'the benchmark measures 10,000 directly. The bench asked for ' +
        `${OPEN_FILES_WANTED.toLocaleString('en-US')} (\`ulimit -Hn\` before starting the gateway) ` +
        `and got ${first.limit.toLocaleString('en-US')}: raising a hard limit needs root with ` +
        'CAP_SYS_RESOURCE, which this machine (a container) does not grant ' +
        '(`ulimit -Hn` answers "Operation not permitted").',
    );
  }
  return notes;
}

export const gatewaySseIdle: Benchmark = {
  id: 'gateway-sse-idle',
  title: 'gateway: memory of 10,000 idle SSE streams',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-sse-'));
    try {
      const measured: Measured[] = [];
      for (const [i, variant] of VARIANTS.entries()) {
        measured.push(await measureVariant(context, variant, path.join(dir, String(i))));
      }
      return {
        baselineLabel: 'gateway before the streams',
        rows: measured.flatMap(rowsFor),
        notes: notesFor(measured),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
