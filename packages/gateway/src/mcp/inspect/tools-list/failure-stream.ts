import { Transform } from 'node:stream';

/**
 * Drops the upstream's bytes and answers `failure` instead, framed for the media type: used
 * when the answer cannot be read at all (a content coding), so nothing unfiltered gets out.
 */
export function createFailureStream(failure: string, sse: boolean): Transform {
  return new Transform({
    transform(_chunk, _encoding, callback) {
      callback();
    },
    flush(callback) {
      callback(null, Buffer.from(sse ? `data: ${failure}\n\n` : failure, 'utf8'));
    },
  });
}
