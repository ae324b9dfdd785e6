import type { McpExchange } from '@gatehouse/core';
import { ExchangeRecorder, idOf, type Recorded } from './recorder.ts';

/** The bytes an exchange holds in memory, roughly: bodies (UTF-16 in V8), headers, fields. */
export function sizeOf(exchange: McpExchange): number {
  let size = 512;
  size += 2 * (exchange.request?.text.length ?? 0);
  size += 2 * (exchange.response?.text.length ?? 0);
  for (const e of exchange.response?.events ?? []) size += 2 * e.data.length + 64;
  for (const h of [exchange.requestHeaders, exchange.responseHeaders]) {
    for (const [k, v] of Object.entries(h)) size += 2 * (k.length + v.length) + 32;
  }
  return size;
}

/** A recorder's estimate (it may not be built yet), else the built exchange's size. */
const bytesOf = (r: Recorded): number =>
  r instanceof ExchangeRecorder ? r.approxBytes() : sizeOf(r.exchange);

/**
 * The last `capacity` exchanges of one route, oldest dropped first. Memory is bounded by
 * `capacity × (2 bodies × max_body_bytes + headers)`: `bytes` tracks what it holds.
 */
export class ExchangeRing {
  private readonly items: (Recorded | undefined)[];
  private readonly sizes: number[];
  private next = 0;
  private count = 0;
  bytes = 0;

  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.items = new Array<Recorded | undefined>(capacity).fill(undefined);
    this.sizes = new Array<number>(capacity).fill(0);
  }

  get size(): number {
    return this.count;
  }

  /** Adds one exchange; returns the one it pushed out, if any. */
  push(recorded: Recorded): Recorded | undefined {
    const old = this.items[this.next];
    if (old !== undefined) this.bytes -= this.sizes[this.next] ?? 0;
    const size = bytesOf(recorded);
    this.items[this.next] = recorded;
    this.sizes[this.next] = size;
    this.bytes += size;
    this.next = (this.next + 1) % this.capacity;
    if (old === undefined) this.count++;
    return old;
  }

  /** Re-counts the bytes of an exchange that grew (an answer that ended); false: not held. */
  update(recorded: Recorded): boolean {
    // Newest first: an answer that just ended is near the head.
    let i = -1;
    for (let k = 1; k <= this.count && i === -1; k++) {
      const at = (this.next - k + this.capacity) % this.capacity;
      if (this.items[at] === recorded) i = at;
    }
    if (i === -1) return false;
    const size = bytesOf(recorded);
    this.bytes += size - (this.sizes[i] ?? 0);
    this.sizes[i] = size;
    return true;
  }

  /** Newest first. */
  *newestFirst(): Generator<Recorded> {
    for (let i = 1; i <= this.count; i++) {
      const item = this.items[(this.next - i + this.capacity) % this.capacity];
      if (item !== undefined) yield item;
    }
  }

  find(id: string): Recorded | undefined {
    for (const item of this.items) if (item !== undefined && idOf(item) === id) return item;
    return undefined;
  }
}
