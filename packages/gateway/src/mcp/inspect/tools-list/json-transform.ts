import { Transform } from 'node:stream';
import { answerIdOf, filterToolsInMessage, MALFORMED } from './filter-message.ts';
import type { FilterSettings } from './settings.ts';
import { reportDropped } from './settings.ts';

// As the client's `response.json()` reads it: UTF-8, a leading BOM dropped.
const decoder = new TextDecoder('utf-8');

function rewrite(body: Buffer, settings: FilterSettings): Buffer {
  if (body.length === 0) return body;
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(body));
  } catch {
    return Buffer.from(settings.failure(settings.id));
  }
  const outcome = filterToolsInMessage(value, settings.allow);
  if (outcome === MALFORMED) return Buffer.from(settings.failure(answerIdOf(value, settings.id)));
  if (!outcome.changed) return body;
  reportDropped(settings, outcome);
  return Buffer.from(JSON.stringify(outcome.value));
}

/**
 * Rewrites an `application/json` answer: buffered whole (up to `maxBufferBytes`, else the
 * answer is a JSON-RPC error), filtered, sent at the end. An empty body passes as it is.
 */
export function createJsonFilterStream(settings: FilterSettings): Transform {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  return new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += bytes.length;
      if (size > settings.maxBufferBytes) {
        overflow = true;
        chunks.length = 0;
      } else chunks.push(bytes);
      callback();
    },
    flush(callback) {
      const failed = Buffer.from(settings.failure(settings.id));
      callback(null, overflow ? failed : rewrite(Buffer.concat(chunks), settings));
    },
  });
}
