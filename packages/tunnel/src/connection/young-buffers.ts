import type { Socket } from 'node:net';
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Connection } from 'ssh2';

/**
 * A young-generation GC (scavenge) whenever reads from the SSH sockets find 8 MB more external
 * (ArrayBuffer) memory than after the last one, so the buffers a bulk transfer allocates die
 * young instead of driving full mark-compacts.
 *
 * Every socket read is a new ArrayBuffer (Node allocates one per read), ssh2 copies each packet
 * that straddles two reads into another one, and the payloads are views into them that live on
 * in the channel, undici and the client socket's write queue: ~150 MB of ArrayBuffers per
 * 100 MB downloaded. Their JS objects are small and young, but a download allocates almost no
 * other JS objects, so no scavenge runs; V8 counts the bytes as external memory and, past its
 * limit, starts a full mark-compact of the whole heap instead: 5–7 per 100 MB, 10–30 ms each,
 * the collector's ~45% of the download profile (docs/adr/0021). A scavenge frees the same dead
 * buffers for ~0.5 ms, since it visits only the live young objects.
 *
 * V8 has no other way to ask for a scavenge than its `gc` extension, which exists only in a
 * context created while `--expose-gc` is set: the flag is set for one new context and cleared
 * again (unless the process was started with it), so no other code sees a `gc` global. At
 * startup a probe checks that the function runs a young-generation GC and no full one (V8's
 * own GCProfiler); otherwise nothing is hooked and V8's own heuristics run, and the startup line
 * says which (`readScavenge`).
 */

/** How often the SSH reads (all connections together) look at V8's external memory. */
const CHECK_EVERY_BYTES = 1024 * 1024;
/**
 * External (ArrayBuffer) memory that may pile up before a scavenge. 4 to 32 MB all kept the
 * bench's tunnel process free of mark-compacts over 500 MB of downloads, at the same CPU per MB
 * (docs/adr/0021); 8 leaves room for other work in the process that allocates ArrayBuffers.
 */
export const SCAVENGE_AFTER_EXTERNAL_BYTES = 8 * 1024 * 1024;

/** Young-generation collectors (GCProfiler's names). */
const YOUNG_GC_TYPES = new Set(['Scavenge', 'MinorMarkSweep']);

type GcFunction = (options: { type: 'minor' }) => void;

export type ReadScavenge = 'on-external-growth' | 'off';

let minorGc: (() => void) | null | undefined;
let readSinceCheck = 0;
/** External memory after the last scavenge (or lower, after a collection of V8's own). */
let externalFloor = 0;

/** V8's `gc` extension: the global one if the process has it, else from a context of its own. */
function gcFunction(): unknown {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return global;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('typeof gc === "function" ? gc : undefined');
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/** The minor GC, once it was seen to run a young-generation GC and no full one. */
function probe(): (() => void) | null {
  try {
    const gc = gcFunction();
    if (typeof gc !== 'function') return null;
    const minor = (): void => (gc as GcFunction)({ type: 'minor' });
    const profiler = new GCProfiler();
    profiler.start();
    minor();
    const kinds = profiler.stop().statistics.map((s) => s.gcType);
    // A scavenge may end by starting V8's own incremental marking ('IncrementalMarking'); a
    // full collection ('MarkSweepCompact') would mean the call is not the cheap one.
    const young = kinds[0] !== undefined && YOUNG_GC_TYPES.has(kinds[0]);
    return young && !kinds.includes('MarkSweepCompact') ? minor : null;
  } catch {
    return null;
  }
}

/** Whether reads from SSH sockets trigger scavenges in this process. */
export function readScavenge(): ReadScavenge {
  minorGc ??= probe();
  return minorGc === null ? 'off' : 'on-external-growth';
}

/**
 * Every CHECK_EVERY_BYTES read from SSH sockets, looks at V8's external memory (2–3 µs); once
 * it grew SCAVENGE_AFTER_EXTERNAL_BYTES since the last scavenge, runs one.
 */
export function scavengeAfterReads(client: Connection): void {
  // ssh2 keeps the accepted socket on `_sock` and reads it with its own 'data' listener.
  const socket = (client as Connection & { readonly _sock?: Socket })._sock;
  if (socket === undefined || readScavenge() === 'off') return;
  const scavenge = minorGc;
  if (typeof scavenge !== 'function') return;
  socket.on('data', (chunk: Buffer) => {
    readSinceCheck += chunk.length;
    if (readSinceCheck < CHECK_EVERY_BYTES) return;
    readSinceCheck = 0;
    const external = getHeapStatistics().external_memory;
    if (external < externalFloor) externalFloor = external;
    if (external - externalFloor < SCAVENGE_AFTER_EXTERNAL_BYTES) return;
    scavenge();
    externalFloor = getHeapStatistics().external_memory;
  });
}
