import { createHash, randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { GCProfiler } from 'node:v8';
import { expect, it } from 'vitest';
import { readScavenge, SCAVENGE_AFTER_EXTERNAL_BYTES } from '../src/connection/young-buffers.ts';
import { TARGET, useBodyOverTunnel } from './support/body-over-tunnel.ts';

// A bulk download allocates ~1.5 ArrayBuffer bytes per byte received (Node's socket reads and
// ssh2's copies of packets that straddle two reads) and almost no other JS objects, so no
// scavenge ran and V8 reclaimed those buffers only in full mark-compacts, 5–7 per 100 MB: the
// collector was ~45% of the download profile (docs/adr/0021). The tunnel now runs a scavenge
// after every 8 MB read from its SSH sockets. This download goes through a gateway channel
// (the path the gateway's undici pool reads) and must arrive byte for byte.

/** Random bytes, so a payload delivered twice, dropped or out of order changes the hash. */
const BODY = randomBytes(64 * 1024 * 1024);
const BODY_BYTES = BODY.length;
const expectedSha256 = createHash('sha256').update(BODY).digest('hex');

const tunnel = useBodyOverTunnel(BODY);

/** Reads `stream` to its end in paused mode (as undici does); SHA-256 and length of the body. */
function bodyOf(stream: Duplex): Promise<{ head: string; bytes: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let head: Buffer | undefined = Buffer.alloc(0);
    let headText = '';
    let bytes = 0;
    const drain = (): void => {
      let chunk: Buffer | null;
      while ((chunk = stream.read() as Buffer | null) !== null) {
        if (head !== undefined) {
          head = Buffer.concat([head, chunk]);
          const end = head.indexOf('\r\n\r\n');
          if (end < 0) continue;
          headText = head.subarray(0, end).toString('latin1');
          chunk = head.subarray(end + 4);
          head = undefined;
        }
        bytes += chunk.length;
        hash.update(chunk);
      }
    };
    stream.on('readable', drain).once('error', reject);
    stream.once('end', () => resolve({ head: headText, bytes, sha256: hash.digest('hex') }));
    drain();
  });
}

it('a 64 MB download through a gateway channel arrives intact, its read buffers freed by scavenges', async () => {
  expect(readScavenge()).toBe('on-external-growth');
  const stream = await tunnel.harness().server.upstream.connect(TARGET);
  const profiler = new GCProfiler();
  profiler.start();
  stream.write('GET /big HTTP/1.1\r\nhost: mcp.brave-otter-123\r\nconnection: close\r\n\r\n');
  const body = await bodyOf(stream);
  const gcs = profiler.stop().statistics.map((s) => s.gcType);

  expect(body.head).toMatch(/^HTTP\/1\.1 200/);
  expect(body.bytes).toBe(BODY_BYTES);
  expect(body.sha256).toBe(expectedSha256);
  // The tunnel (this process's) ran scavenges as the download's buffers piled up; without it
  // V8 ran none here, only mark-compacts (5–7 per 100 MB in the bench's tunnel process, 0 with
  // the scavenges: docs/adr/0021).
  const scavenges = gcs.filter((t) => t === 'Scavenge' || t === 'MinorMarkSweep').length;
  expect(scavenges).toBeGreaterThanOrEqual(BODY_BYTES / SCAVENGE_AFTER_EXTERNAL_BYTES / 2);
}, 60_000);
