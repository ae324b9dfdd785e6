import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { expect, it } from 'vitest';
import { chunkReads } from '../src/connection/chunk-reads.ts';
import { TARGET, useBodyOverTunnel } from './support/body-over-tunnel.ts';

// undici reads its socket in paused mode (`read()` until null). A paused Readable's `read()`
// used to return everything buffered, so Node concatenated the channel's SSH payloads into a
// new buffer on every read: a copy and an allocation per read, the top of the download profile
// (docs/adr/0018). A gateway channel now hands out one payload per `read()`, same bytes in order.

/** ssh2 opens channels with 32 KB packets (RFC 4254 §5.1 maximum packet size). */
const MAX_PAYLOAD = 32 * 1024;
const BODY_BYTES = 4 * 1024 * 1024;
const BODY = Buffer.alloc(BODY_BYTES);
for (let i = 0; i < BODY_BYTES; i++) BODY[i] = (i * 7 + (i >> 13)) & 0xff;
/** Enough buffered to hold several payloads, well inside the channel's 2 MB window. */
const BUFFERED = 256 * 1024;

const tunnel = useBodyOverTunnel(BODY);

/** Resolves once `stream` holds at least `bytes` unread, or has ended. */
function whenBuffered(stream: Duplex, bytes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (stream.readableLength < bytes && !stream.readableEnded) return;
      stream.off('readable', check).off('error', reject);
      resolve();
    };
    // A 'readable' listener makes the stream read ahead to its high-water mark without
    // consuming anything.
    stream.on('readable', check).once('error', reject);
    check();
  });
}

it('read() on a gateway channel returns one SSH payload at a time, the bytes intact', async () => {
  expect(chunkReads()).toBe('one-per-read');
  const stream = await tunnel.harness().server.upstream.connect(TARGET);
  stream.write('GET /big HTTP/1.1\r\nhost: mcp.brave-otter-123\r\nconnection: close\r\n\r\n');
  await whenBuffered(stream, BUFFERED);
  const buffered = stream.readableLength;
  expect(buffered).toBeGreaterThan(MAX_PAYLOAD);
  const first = stream.read() as Buffer;
  // Before: everything buffered, concatenated into one new buffer.
  expect(first.length).toBeLessThanOrEqual(MAX_PAYLOAD);
  expect(stream.readableLength).toBe(buffered - first.length);

  const chunks: Buffer[] = [first];
  await new Promise<void>((resolve, reject) => {
    const drain = (): void => {
      let chunk: Buffer | null;
      while ((chunk = stream.read() as Buffer | null) !== null) {
        expect(chunk.length).toBeLessThanOrEqual(MAX_PAYLOAD);
        chunks.push(chunk);
      }
    };
    stream.on('readable', drain).once('end', resolve).once('error', reject);
    drain();
  });
  const all = Buffer.concat(chunks);
  const body = all.subarray(all.indexOf('\r\n\r\n') + 4);
  expect(all.subarray(0, 12).toString()).toBe('HTTP/1.1 200');
  expect(body.length).toBe(BODY_BYTES);
  expect(createHash('sha256').update(body).digest('hex')).toBe(
    createHash('sha256').update(BODY).digest('hex'),
  );
});
