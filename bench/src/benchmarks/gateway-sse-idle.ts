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
import {
  mayRaiseHardLimits,
  openFiles,
  openFilesLimit,
  residentByKind,
  rssKiB,
} from '../gateway/proc-status.ts';
import { gcTradeOff, UNCAPPED_ARGS } from '../gateway/sse-idle-gc-load.ts';
import { signIn } from '../gateway/sign-in.ts';
import { sseFirstChunk } from '../gateway/sse-probe.ts';
import { openSseStreams } from '../gateway/sse-clients.ts';
import { notesFor, SETTLE_MS, TARGET_STREAMS, type Measured } from '../gateway/sse-idle-notes.ts';
import { startUpstream } from '../gateway/upstream.ts';
import { SSE_FIRST_LINE } from '../gateway/upstream-server.ts';
import type { RunningServer } from '../lib/child-server.ts';

const GOAL_MB = 300;
/** Issue 18: ≤ 30 KB per idle stream (two sockets plus proxy state). */
const GOAL_PER_STREAM_KB = 30;
/** Descriptors kept free in the gateway for its own files, the store and new connections. */
const FD_RESERVE = 100;
/** Fewer streams than this would make any per-stream figure, let alone a projection, noise. */
const MIN_STREAMS = 500;
const OPEN_FILES_WANTED = 2 * TARGET_STREAMS + 500;
/** Generous: at a load average of ~20 on 2 cores, 120 s opened only 5,402–7,294 of 9,936 streams. */
const OPEN_TIMEOUT_MS = 360_000;
/** 1 kB = 1000 bytes (as in the report's other sizes); /proc reports KiB. */
const kB = (kib: number) => (kib * 1024) / 1000;

interface Variant {
  readonly label: string;
  readonly route: string;
  readonly yaml: (upstreamPort: number) => string;
  readonly session: boolean;
  /** Node options of the gateway process, when not the defaults. */
  readonly nodeArgs?: readonly string[];
}

const PUBLIC_ROUTE = (up: number) => `  - from: http://open.localhost:{{port}}
    to: http://127.0.0.1:${up}
    allow_public_unauthenticated_access: true
`;

const VARIANTS: readonly Variant[] = [
  { label: 'public route', route: 'open', session: false, yaml: PUBLIC_ROUTE },
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
  {
    // The public route again with V8's young generation left to Node 24's own sizing (64 MB per
    // semi-space on this machine): an explicit --max-semi-space-size turns off the cap that
    // `gatehouse serve` sets by itself (packages/cli/src/young-generation.ts), so this row shows
    // what the cap saves, in the same run. Short: the label ends metric names in the summary.
    label: 'semi-space 64',
    route: 'open',
    session: false,
    yaml: PUBLIC_ROUTE,
    nodeArgs: UNCAPPED_ARGS,
  },
];

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
  const kindsBefore = await residentByKind(gateway.pid);
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
    const kindsAfter = await residentByKind(gateway.pid);
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
      idleKiB: kindsBefore,
      mallocKiB: kindsAfter.malloc - kindsBefore.malloc,
      anonymousKiB: kindsAfter.anonymous - kindsBefore.anonymous,
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

/**
 * One unmeasured start per set of node options (V8's flags are part of the cache's key): the
 * measured gateways then find their compile cache warm (packages/cli/bin/gatehouse.js, ADR 0019),
 * as every start after the first does.
 */
async function warmCompileCache(dir: string): Promise<void> {
  const optionSets = new Set(VARIANTS.map((v) => v.nodeArgs));
  for (const [i, nodeArgs] of [...optionSets].entries()) {
    const gateway = await startGatewayProcess({
      dir: path.join(dir, `warm-${i}`),
      routesYaml: PUBLIC_ROUTE(1),
      ...(nodeArgs !== undefined && { nodeArgs }),
    });
    await gateway.stop();
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
      ...(variant.nodeArgs !== undefined && { nodeArgs: variant.nodeArgs }),
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
    metric: `per stream vs bare node:http, ${m.variant.label}`,
    unit: 'kB',
    value: perStream,
    baseline: upstreamPerStream,
    goal: { text: `≤ ${GOAL_PER_STREAM_KB} kB`, met: perStream <= GOAL_PER_STREAM_KB },
  });
  return rows;
}

export const gatewaySseIdle: Benchmark = {
  id: 'gateway-sse-idle',
  title: 'gateway: memory of 10,000 idle SSE streams',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-sse-'));
    try {
      await warmCompileCache(dir);
      const measured: Measured[] = [];
      for (const [i, variant] of VARIANTS.entries()) {
        measured.push(await measureVariant(context, variant, path.join(dir, String(i))));
      }
      const gc = await gcTradeOff(context, path.join(dir, 'gc'));
      return {
        baselineLabel: 'gateway before the streams',
        rows: measured.flatMap(rowsFor),
        notes: notesFor(measured, await mayRaiseHardLimits(), gc),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
