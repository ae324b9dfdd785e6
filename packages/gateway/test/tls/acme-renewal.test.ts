import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/index.ts';
import { freePort, startEchoUpstream, until } from '@gatehouse/testing';
import {
  logged,
  startAcmeGateway,
  type RecordingLogger,
  startPebble,
  type Pebble,
} from '@gatehouse/testing/gateway';

/** GET / on app.example.test through a new TLS connection; the leaf's fingerprint and status. */
function get(
  port: number,
  root: string,
): Promise<{ status: number; fingerprint: string; notBefore: number; notAfter: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        servername: 'app.example.test',
        headers: { host: `app.example.test:${port}` },
        ca: root,
        agent: false,
      },
      (res) => {
        const peer = (res.socket as TLSSocket).getPeerCertificate();
        const fingerprint = peer.fingerprint256;
        const notBefore = Date.parse(peer.valid_from);
        const notAfter = Date.parse(peer.valid_to);
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, fingerprint, notBefore, notAfter }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('renewal of a short-lived certificate, hot-swapped while a client keeps connecting', () => {
  let dir: string;
  let pebble: Pebble;
  let gateway: RunningGateway;
  let logger: RecordingLogger;
  let port: number;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-acme-renew-'));
    port = await freePort();
    upstream = await startEchoUpstream();
    // 30 s certificates: renewal is due at two thirds, about 20 s after issuance.
    pebble = await startPebble({
      dir,
      httpPort: await freePort(),
      tlsPort: port,
      validitySeconds: 30,
    });
    ({ gateway, logger } = await startAcmeGateway({
      dir,
      port,
      pebble,
      extra: `routes:
  - from: https://app.example.test:${port}
    to: ${upstream.url}
    allow_public_unauthenticated_access: true
`,
    }));
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
    await pebble?.close();
    await upstream?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renews at two thirds of the lifetime and serves the new one without a restart', async () => {
    const root = await pebble.root();
    const first = await until('the first certificate', async () => {
      try {
        return await get(port, root);
      } catch {
        return undefined;
      }
    });
    expect(first.status).toBe(200);
    const failures: string[] = [];
    let requests = 0;
    const renewed = await until(
      'a renewed certificate',
      async () => {
        requests += 1;
        try {
          const reply = await get(port, root);
          if (reply.status !== 200) failures.push(`status ${reply.status}`);
          return reply.fingerprint !== first.fingerprint ? reply : undefined;
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
          return undefined;
        }
      },
      90_000,
    );
    expect(renewed.status).toBe(200);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(5);
    // Renewed at about two thirds of the first one's lifetime (minus at most 5 % jitter), not
    // before: the certificates' own dates say when (whole seconds).
    const lifetime = first.notAfter - first.notBefore;
    expect(renewed.notBefore - first.notBefore).toBeGreaterThanOrEqual(lifetime * 0.6 - 1_000);
    expect(logged(logger, /^certificate issued$/).length).toBeGreaterThanOrEqual(3);
    // Less than 14 days left: the expiry warning names the certificate.
    expect(
      logged(logger, /certificate for app\.example\.test expires in 0 days/).length,
    ).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
