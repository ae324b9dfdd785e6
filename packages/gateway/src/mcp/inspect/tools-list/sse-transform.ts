import { Transform } from 'node:stream';
import { answerIdOf, filterToolsInMessage, MALFORMED } from './filter-message.ts';
import { parseSseEvent, rewriteSseEvent } from './sse-event.ts';
import type { FilterSettings } from './settings.ts';
import { reportDropped } from './settings.ts';
import { SseSplitter } from './sse-splitter.ts';

/**
 * Rewrites a `text/event-stream` answer event by event: every event whose data carries a
 * tools list is re-sent filtered; every other event leaves as soon as it is complete, byte for
 * byte. Data that is not JSON, or a tools list that is not a list of named tools, is replaced by
 * a JSON-RPC error (fail closed).
 */
export function createSseFilterStream(settings: FilterSettings): Transform {
  const splitter = new SseSplitter(settings.maxBufferBytes);
  // Per event, BOMs are kept so that only the stream's first one is dropped (§9.2.5).
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let first = true;

  const handle = (raw: Buffer): Buffer => {
    let text = decoder.decode(raw);
    if (first && text.startsWith('\uFEFF')) text = text.slice(1);
    first = false;
    const event = parseSseEvent(text);
    if (event.data === undefined || event.data === '') return raw;
    let value: unknown;
    try {
      value = JSON.parse(event.data);
    } catch {
      return rewriteSseEvent(event.lines, settings.failure(settings.id));
    }
    const outcome = filterToolsInMessage(value, settings.allow);
    if (outcome === MALFORMED) {
      return rewriteSseEvent(event.lines, settings.failure(answerIdOf(value, settings.id)));
    }
    if (!outcome.changed) return raw;
    reportDropped(settings, outcome);
    return rewriteSseEvent(event.lines, JSON.stringify(outcome.value));
  };

  const emit = (stream: Transform, pieces: ReturnType<SseSplitter['push']>): void => {
    for (const piece of pieces) {
      if (piece.kind === 'event') stream.push(handle(piece.raw));
      else stream.push(rewriteSseEvent([], settings.failure(settings.id)));
    }
  };

  return new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      emit(this, splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
      callback();
    },
    flush(callback) {
      // An event the stream ends inside: sent on like the others (filtered when it needs it).
      const rest = splitter.rest();
      if (rest !== undefined) this.push(handle(rest));
      callback();
    },
  });
}
