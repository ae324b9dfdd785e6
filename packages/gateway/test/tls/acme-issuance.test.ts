import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/index.ts';
import { freePort, startEchoUpstream, handshake, until } from '@gatehouse/testing';
import {
  acmeConfig,
  curl,
  logged,
  startAcmeGateway,
  type RecordingLogger,
  startPebble,
  type Pebble,
} from '@gatehouse/testing/gateway';

let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
beforeAll(async () => {
  upstream = await startEchoUpstream();
});
afterAll(async () => {
  await upstream.close();
});

/** Waits until `name` presents a certificate that verifies against pebble's root. */
async function verified(port: number, name: string, root: string) {
  return until(`a verified certificate for ${name}`, async () => {
    const h = await handshake(port, name, root);
    return h.authorized ? h : undefined;
  });
}

describe.each([
  { challenge: 'tls-alpn-01', http: false },
  { challenge: 'http-01', http: true },
])('ACME issuance via $challenge against pebble', ({ http }) => {
  let dir: string;
  let pebble: Pebble;
  let gateway: RunningGateway;
  let logger: RecordingLogger;
  let port: number;
  let httpPort: number;
  let rootFile: string;
  let root: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-acme-'));
    port = await freePort();
    httpPort = await freePort();
    pebble = await startPebble({ dir, httpPort, tlsPort: port });
    root = await pebble.root();
    rootFile = join(dir, 'root.pem');
    await writeFile(rootFile, root);
    ({ gateway, logger } = await startAcmeGateway({
      dir,
      port,
      pebble,
      extra: `admin_listen: 127.0.0.1:0
${http ? `http_listen: 127.0.0.1:${httpPort}\n` : ''}routes:
  - from: https://app.example.test:${port}
    to: ${upstream.url}
    allow_public_unauthenticated_access: true
`,
    }));
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
    await pebble?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gets certificates for the authenticate host and the route host that verify by SNI', async () => {
    const auth = await verified(port, 'auth.example.test', root);
    expect(auth.subjectAltName).toBe('DNS:auth.example.test');
    const app = await verified(port, 'app.example.test', root);
    expect(app.subjectAltName).toBe('DNS:app.example.test');
    expect(logged(logger, /certificate issued/)).toHaveLength(2);
    expect(pebble.orders()).toBe(2);
    // pebble logs its http-01 fetches; tls-alpn-01 handshakes it does not.
    expect(pebble.output().includes('Attempting to validate w/ HTTP')).toBe(http);
  }, 120_000);

  it('serves the route through it: curl verifies against pebble root and the upstream answers', async () => {
    await verified(port, 'app.example.test', root);
    const reply = await curl(`https://app.example.test:${port}/hello`, rootFile, port);
    expect(reply.err).toBe('');
    expect(reply.code).toBe(0);
    expect(JSON.parse(reply.out)).toMatchObject({ url: '/hello' });
  }, 60_000);

  it('exports each certificate expiry in /metrics', async () => {
    await verified(port, 'app.example.test', root);
    const metrics = await (await fetch(`http://127.0.0.1:${gateway.adminPort}/metrics`)).text();
    const line = metrics
      .split('\n')
      // Every sample also carries the node label (issue 17), so match the name label inside.
      .find(
        (l) =>
          l.startsWith('gatehouse_certificate_expiry_seconds{') &&
          l.includes('name="app.example.test"'),
      );
    expect(Number(line?.split(' ')[1])).toBeGreaterThan(86_400);
  });

  it('reuses the stored certificates after a restart on the same data dir (no new order)', async () => {
    await verified(port, 'app.example.test', root);
    const before = await handshake(port, 'app.example.test', root);
    const orders = pebble.orders();
    await gateway.close();
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
    const after = await handshake(port, 'app.example.test', root);
    expect(after.authorized).toBe(true);
    expect(after.peer?.fingerprint256).toBe(before.peer?.fingerprint256);
    expect((await handshake(port, 'auth.example.test', root)).authorized).toBe(true);
    expect(pebble.orders()).toBe(orders);
    expect(logged(logger, /ordering a certificate/)).toEqual([]);
  }, 60_000);

  it('orders a certificate for a route host added by a config reload', async () => {
    gateway.reload(
      acmeConfig({
        dir,
        port,
        pebble,
        extra: `routes:
  - from: https://app.example.test:${port}
    to: ${upstream.url}
    allow_public_unauthenticated_access: true
  - from: https://added.example.test:${port}
    to: ${upstream.url}
    allow_public_unauthenticated_access: true
`,
      }),
    );
    const added = await verified(port, 'added.example.test', root);
    expect(added.subjectAltName).toBe('DNS:added.example.test');
  }, 60_000);

  it('refuses a handshake for a name it has no certificate for', async () => {
    const other = await handshake(port, 'nobody.example.test');
    expect(other.ok).toBe(false);
  });
});
