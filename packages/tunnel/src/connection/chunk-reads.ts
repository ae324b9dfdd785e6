import { Readable } from 'node:stream';

/**
 * `read()` on a gateway channel hands out one buffered SSH payload, never a concatenation.
 *
 * undici reads its socket in paused mode: on 'readable' it calls `read()` until null. A paused
 * Readable's `read()` returns everything buffered, so when ssh2 has pushed two or more channel
 * payloads (one socket read holds two 32 KB packets) Node copies them into one new buffer
 * (`fromList` → `Buffer.concat`): an allocation and a copy of the bytes per read, and more
 * garbage for the collector, which led the download profile (docs/adr/0018). undici loops until
 * `read()` returns null, so giving it the payloads one at a time is the same bytes, in order,
 * without the copy; flowing mode already reads one buffer at a time.
 *
 * The first buffered chunk is Node's internal state (`_readableState.buffer[bufferIndex]`, Node
 * 22+). `chunkReads()` checks at startup that it behaves as expected and otherwise leaves every
 * channel as it is, and says which path runs.
 */

interface ReadableStateLike {
  readonly buffer?: unknown;
  readonly bufferIndex?: unknown;
  readonly length?: unknown;
}

/** Node's own `read()`, whatever the stream's `read` property now is. */
function nodeRead(stream: Readable, size?: number): unknown {
  return Readable.prototype.read.call(stream, size) as unknown;
}

function oneChunkRead(this: Readable, size?: number): unknown {
  if (size === undefined) {
    const state = (this as Readable & { readonly _readableState: ReadableStateLike })
      ._readableState;
    const first = (state.buffer as readonly (Uint8Array | undefined)[])[
      state.bufferIndex as number
    ];
    if (first !== undefined && first.length < (state.length as number)) {
      return nodeRead(this, first.length);
    }
  }
  return nodeRead(this, size);
}

export type ChunkReads = 'one-per-read' | 'concatenated';

let checked: ChunkReads | undefined;

/** Probes a Readable of its own: two pushed buffers must come back as they were, then null. */
function probe(): ChunkReads {
  try {
    const stream = new Readable({ read() {} });
    const state = (stream as Readable & { readonly _readableState: ReadableStateLike })
      ._readableState;
    if (!Array.isArray(state.buffer) || typeof state.bufferIndex !== 'number') {
      return 'concatenated';
    }
    const a = Buffer.from('ab');
    const b = Buffer.from('cde');
    stream.push(a);
    stream.push(b);
    const read = oneChunkRead.bind(stream);
    const ok = read() === a && read() === b && read() === null && stream.readableLength === 0;
    stream.destroy();
    return ok ? 'one-per-read' : 'concatenated';
  } catch {
    return 'concatenated';
  }
}

/** Which read path gateway channels take in this process. */
export function chunkReads(): ChunkReads {
  checked ??= probe();
  return checked;
}

/** Makes `read()` on `stream` hand out one buffered chunk at a time, when the probe passed. */
export function readChunkByChunk(stream: Readable): void {
  if (chunkReads() !== 'one-per-read' || stream.readableObjectMode) return;
  if (stream.readableEncoding !== null) return;
  stream.read = oneChunkRead as Readable['read'];
}
