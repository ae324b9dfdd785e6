import {
  TRAFFIC_TRUNCATED_MARKER,
  type CapturedBody,
  type CapturedSseEvent,
} from '@gatehouse/core';
import { maskJsonText, maskText } from './mask.ts';

/**
 * Collects at most `limit` bytes of a body while counting all of it: the client still gets the
 * whole body (the proxy relays every chunk), only the capture stops.
 */
export class BodyCapture {
  private readonly chunks: Buffer[] = [];
  /** Bytes held (at most the limit). */
  kept = 0;
  /** Bytes seen (the whole body). */
  bytes = 0;

  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  add(chunk: Buffer | string): void {
    const length = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    this.bytes += length;
    if (this.kept >= this.limit) return;
    const room = this.limit - this.kept;
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const part = buffer.length > room ? buffer.subarray(0, room) : buffer;
    // A copy: the caller may reuse its buffer after write() returns.
    this.chunks.push(Buffer.from(part));
    this.kept += part.length;
  }

  get truncated(): boolean {
    return this.bytes > this.kept;
  }

  /** The masked capture; `eventStream` parses the text as SSE (WHATWG HTML §9.2.6). */
  finish(eventStream: boolean): CapturedBody {
    const raw = Buffer.concat(this.chunks, this.kept).toString('utf8');
    const truncated = this.truncated;
    if (!eventStream) {
      const text = truncated ? maskText(raw) : maskJsonText(raw);
      return {
        text: truncated ? text + TRAFFIC_TRUNCATED_MARKER : text,
        bytes: this.bytes,
        truncated,
      };
    }
    const events = parseSse(raw, truncated);
    const text = events.map(serializeEvent).join('');
    return {
      text: truncated ? text + TRAFFIC_TRUNCATED_MARKER : text,
      bytes: this.bytes,
      truncated,
      events,
    };
  }
}

/** Events of an SSE text, each `data` masked; a cut-off last event is masked by pattern. */
export function parseSse(raw: string, truncated: boolean): CapturedSseEvent[] {
  const blocks = raw.replaceAll('\r\n', '\n').split('\n\n');
  const events: CapturedSseEvent[] = [];
  blocks.forEach((block, index) => {
    const partial = index === blocks.length - 1;
    if (block.trim() === '') return;
    let id: string | undefined;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'id') id = maskText(value);
      else if (field === 'event') event = maskText(value);
    }
    if (data.length === 0 && id === undefined && event === undefined) return;
    const text = data.join('\n');
    const masked = partial && truncated ? maskText(text) : maskJsonText(text);
    events.push({
      ...(id === undefined ? {} : { id }),
      ...(event === undefined ? {} : { event }),
      data: masked,
    });
  });
  return events;
}

function serializeEvent(e: CapturedSseEvent): string {
  const head = `${e.event === undefined ? '' : `event: ${e.event}\n`}${e.id === undefined ? '' : `id: ${e.id}\n`}`;
  return `${head}${e.data
    .split('\n')
    .map((l) => `data: ${l}`)
    .join('\n')}\n\n`;
}
