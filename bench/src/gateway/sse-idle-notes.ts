import { GC_LOAD_CONNECTIONS, type GcLoad } from './sse-idle-gc-load.ts';
import { STREAMS_PER_PROCESS } from './sse-clients.ts';
import { SSE_FIRST_LINE } from './upstream-server.ts';

// The method notes of the idle-SSE-streams benchmark (benchmarks/gateway-sse-idle.ts).

export const TARGET_STREAMS = 10_000;
/** Quiet time before each RSS reading, so the reading is of an idle process. */
export const SETTLE_MS = 3_000;
const GOAL_MB = 300;

export interface Measured {
  readonly variant: { readonly label: string; readonly nodeArgs?: readonly string[] };
  readonly streams: number;
  readonly limit: number;
  readonly beforeKiB: number;
  readonly afterKiB: number;
  /** The idle gateway (before the streams), resident KiB by kind of mapping. */
  readonly idleKiB: { readonly malloc: number; readonly anonymous: number };
  /** Growth of the gateway's glibc `[heap]` mapping: Node's native connection state. */
  readonly mallocKiB: number;
  /** Growth of its anonymous mappings: V8's heap pages (young generation included). */
  readonly anonymousKiB: number;
  /** The upstream's RSS before and with the streams: a bare node:http server holding them. */
  readonly upstreamBeforeKiB: number;
  readonly upstreamAfterKiB: number;
  readonly fdsAfter: number;
  readonly openedInMs: number;
  readonly processes: number;
}

/** 1 kB = 1000 bytes (as in the report's other sizes); /proc reports KiB. */
const perStreamKB = (kib: number, streams: number) => ((kib * 1024) / 1000 / streams).toFixed(1);

const METHOD = [
  'Upstream: a node:http process answering `GET /sse` with `text/event-stream`, one comment ' +
    `line (\`${JSON.stringify(SSE_FIRST_LINE).slice(1, -1)}\`) and then nothing, the stream held ` +
    'open. Gatehouse: `gatehouse serve --config …` as its own process (so its RSS is its ' +
    'alone), route `timeout`/`idle_timeout` at their defaults (30 s to headers, 5 min idle).',
  `Clients: child processes of at most ${STREAMS_PER_PROCESS.toLocaleString('en-US')} streams ` +
    'each (fewer under a lower open-files limit), one connection per stream, at most 64 ' +
    'connecting at once per process; a stream counts when its first body bytes have arrived. ' +
    'Before the streams, one stream is checked to carry exactly the upstream’s first line (and ' +
    'the session route to answer 401 without its cookie); any failed or lost stream fails the ' +
    'benchmark.',
  'Gatehouse is started as an operator starts it, `node packages/cli/bin/gatehouse.js serve`, ' +
    'after one unmeasured start per set of node options: its compile cache (ADR 0019) is warm, ' +
    'as on every start after the first, so Node’s type stripper is not loaded.',
  `RSS = \`VmRSS\` of the gateway process from /proc, read after ${SETTLE_MS / 1000} s of ` +
    'quiet: before (after start-up, sign-in and the check) and with every stream open. Per ' +
    'stream = the difference ÷ streams; its goal is the issue’s ≤ 30 kB. The baseline column ' +
    'is the same process before the streams. 1 MB = 1000 kB = 10⁶ bytes; the total’s goal is ' +
    `${GOAL_MB} MB = ${(GOAL_MB * 1000).toLocaleString('en-US')} kB.`,
  'Per-stream reference: the upstream, a bare node:http server, holds the same streams (one ' +
    'socket each, against the gateway’s two: client side and upstream side); its RSS is read ' +
    'at the same moments, and its per-stream figure is the baseline of the per-stream row.',
  'Session route: `policy: allow: and: [domain: {is: example.com}]` with a real session ' +
    'cookie (so each stream also carries a signed identity assertion upstream).',
  'Where the memory goes, from /proc/<pid>/smaps before and with the streams: `malloc` is the ' +
    'growth of the `[heap]` mapping (glibc’s main arena: Node’s and libuv’s native state per ' +
    'connection, sockets and HTTP parsers), `V8 pages` the growth of the anonymous mappings ' +
    '(V8’s heap: the streams’ JavaScript objects plus the young generation V8 grows while the ' +
    'connections arrive and then keeps). `gatehouse serve` caps that young generation at 16 MB ' +
    'per semi-space by itself (Node 20’s default; packages/cli/src/young-generation.ts), as the ' +
    'public and session routes run it. The `semi-space 64` variant is the public route with the ' +
    'gateway started as `node --max-semi-space-size=64 …`: an explicit young-generation flag ' +
    'turns the cap off, and 64 MB is what Node 24 grows to on this machine, so it shows the ' +
    'memory without the cap, in the same run.',
];

/** The method, one line per variant, and why the count stops short of 10,000 when it does. */
export function notesFor(
  all: readonly Measured[],
  mayRaiseHardLimits: boolean,
  gc: readonly GcLoad[],
): string[] {
  const notes = [...METHOD];
  for (const m of all) {
    notes.push(
      `${m.variant.label}: ${m.streams.toLocaleString('en-US')} streams from ${m.processes} ` +
        `client process(es), all open after ${(m.openedInMs / 1000).toFixed(1)} s; the gateway ` +
        `then held ${m.fdsAfter.toLocaleString('en-US')} descriptors (open-files limit ` +
        `${m.limit.toLocaleString('en-US')}). Per stream: malloc ` +
        `${perStreamKB(m.mallocKiB, m.streams)} kB, V8 pages ` +
        `${perStreamKB(m.anonymousKiB, m.streams)} kB.`,
    );
  }
  const idle = all[0];
  if (idle !== undefined) notes.push(idleNote(idle));
  notes.push(gcNote(gc));
  const first = all.find((m) => m.streams < TARGET_STREAMS);
  if (first === undefined) return notes;
  const why = mayRaiseHardLimits
    ? 'the bench asked for more (`ulimit -Hn` before starting the gateway) and was refused'
    : 'this machine (a container) leaves CAP_SYS_RESOURCE out of every process’s capability ' +
      'bounding set (/proc/self/status `CapBnd`, bit 24), so not even root may raise a hard ' +
      'limit (`ulimit -Hn` answers "Operation not permitted")';
  const own = Math.max(0, first.fdsAfter - 2 * first.streams);
  notes.push(
    `EXTRAPOLATION: the gateway's open-files limit (${first.limit.toLocaleString('en-US')}: ` +
      'Node raises the soft limit to the hard one at start, no further) allows ' +
      `${first.streams.toLocaleString('en-US')} streams, not ` +
      `${TARGET_STREAMS.toLocaleString('en-US')}: each stream holds two descriptors in the ` +
      `gateway (client side and upstream side), so ${TARGET_STREAMS.toLocaleString('en-US')} ` +
      `streams need ${(2 * TARGET_STREAMS).toLocaleString('en-US')} for their sockets alone, ` +
      `plus the ${own} the gateway holds for itself (listening sockets, event loop, store, ` +
      `stdio); it stays at ${first.limit.toLocaleString('en-US')} because ${why}. The EXTRAPOLATED rows are before + per-stream × ` +
      `${TARGET_STREAMS.toLocaleString('en-US')}, linear: not measurements. With a higher hard ` +
      'limit (LimitNOFILE in systemd, `--ulimit nofile=` in Docker) the benchmark measures ' +
      '10,000 directly.',
  );
  return notes;
}

/** What the young-generation cap costs under load (gcTradeOff: two gateways, alternating). */
function gcNote(gc: readonly GcLoad[]): string {
  const each = gc.map(
    (g) =>
      `${g.label}: ${Math.round(g.requestsPerSecond).toLocaleString('en-US')} req/s, CPU ` +
      `${g.cpuUsPerGet.toFixed(0)} µs per GET, garbage-collection pauses ` +
      `${g.gcUsPerGet.toFixed(1)} µs per GET, ${g.minorPer1000.toFixed(1)} young-generation ` +
      `collections per 1,000 GETs, semi-space ${g.semiSpaceMB.toFixed(0)} MiB at the end`,
  );
  return (
    'The cap’s price under load: two more gateways side by side on the public route, one as ' +
    '`gatehouse serve` runs (capped), one with `--max-semi-space-size=64` (uncapped), served ' +
    `\`GET /\` at c=${GC_LOAD_CONNECTIONS} in alternating rounds after a warm-up each; their ` +
    'garbage collections counted inside each process (perf_hooks `gc` entries, ' +
    'bench/src/lib/gc-stats-hook.ts), CPU time from /proc; medians of the rounds. The count of ' +
    'collections barely depends on the machine’s load; pause times and req/s do. ' +
    `${each.join('; ')}.`
  );
}

/** Why the total can miss 300 MB while each stream meets 30 kB: the idle process's own share. */
function idleNote(m: Measured): string {
  const mb = (kib: number) => ((kib * 1024) / 1e6).toFixed(0);
  const fileBacked = m.beforeKiB - m.idleKiB.malloc - m.idleKiB.anonymous;
  const streamsKiB = ((m.afterKiB - m.beforeKiB) / m.streams) * TARGET_STREAMS;
  return (
    `The total’s share that is not the streams’: the idle gateway (${m.variant.label}, before ` +
    `the streams) held ${mb(m.beforeKiB)} MB: ${mb(fileBacked)} MB of mapped files (the node ` +
    `binary, its snapshot and ICU data, libraries: shared with every other node process on the ` +
    `host), ${mb(m.idleKiB.anonymous)} MB of anonymous pages (V8’s heap with its young ` +
    `generation, thread stacks) and ${mb(m.idleKiB.malloc)} MB of malloc. ` +
    `${TARGET_STREAMS.toLocaleString('en-US')} streams at this variant's per-stream figure add ` +
    `${mb(streamsKiB)} MB to that.`
  );
}
