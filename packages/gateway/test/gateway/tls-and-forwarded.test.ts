import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromText, startGateway, type RunningGateway } from '../../src/index.ts';
import {
  Client,
  recordingLogger,
  startTestGateway,
  type TestGateway,
} from '@gatehouse/testing/gateway';
import {
  freePort,
  selfSignedCertificate,
  startEchoUpstream,
  type SeenRequest,
} from '@gatehouse/testing';

let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
beforeAll(async () => {
  upstream = await startEchoUpstream();
});
afterAll(async () => {
  await upstream.close();
});

function httpsGet(
  port: number,
  host: string,
  path: string,
  ca: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        servername: 'localhost',
        ca,
        headers: { host, accept: 'text/html' },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('TLS from cert files', () => {
  let dir: string;
  let gateway: RunningGateway;
  let port: number;
  let cert: { cert: string; key: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-tls-'));
    cert = selfSignedCertificate();
    await writeFile(join(dir, 'cert.pem'), cert.cert);
    await writeFile(join(dir, 'key.pem'), cert.key, { mode: 0o600 });
    port = await freePort();
    const yaml = `listen: 127.0.0.1:${port}
authenticate_service_url: https://auth.localhost:${port}
data_dir: ${dir}/data
tls: { cert_file: ${dir}/cert.pem, key_file: ${dir}/key.pem }
routes:
  - from: https://app.localhost:${port}
    to: ${upstream.url}
    allow_any_authenticated_user: true
  - from: https://open.localhost:${port}
    to: ${upstream.url}
    allow_public_unauthenticated_access: true
`;
    gateway = await startGateway({
      config: configFromText(yaml, join(dir, 'gatehouse.yaml')),
      logger: recordingLogger(),
    });
  });
  afterAll(async () => {
    await gateway.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves https, redirects to the https sign-in page, and sets Secure cookies', async () => {
    const first = await httpsGet(port, `app.localhost:${port}`, '/', cert.cert);
    expect(first.status).toBe(302);
    expect(String(first.headers['location'])).toMatch(
      new RegExp(`^https://auth\\.localhost:${port}/signin\\?`),
    );
    const signIn = await httpsGet(port, `auth.localhost:${port}`, '/signin', cert.cert);
    expect(signIn.status).toBe(200);
    const cookies = signIn.headers['set-cookie'] as string[];
    expect(cookies.every((c) => c.includes('; Secure'))).toBe(true);
  });

  it('tells the upstream the client used https', async () => {
    const reply = await httpsGet(port, `open.localhost:${port}`, '/', cert.cert);
    expect((JSON.parse(reply.body) as SeenRequest).headers['x-forwarded-proto']).toBe('https');
  });
});

describe('F2-forged-host-and-forwarded-headers', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(`
routes:
  - from: http://app.localhost:{{port}}
    to: ${upstream.url}
    allow_any_authenticated_user: true
`);
  });
  afterAll(async () => gw.close());

  it('builds the sign-in redirect from config, never from X-Forwarded-Host or -Proto', async () => {
    const reply = await new Client().request(`${gw.origin('app')}/x`, {
      headers: {
        accept: 'text/html',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
      },
    });
    const location = new URL(reply.headers.location ?? '');
    expect(location.origin).toBe(gw.authUrl);
    expect(location.searchParams.get('return_to')).toBe(`${gw.origin('app')}/x`);
  });

  it('a request whose Host is the auth host with a forged X-Forwarded-Host still only serves the auth host', async () => {
    const reply = await new Client().request(`${gw.authUrl}/signin`, {
      headers: { 'x-forwarded-host': `app.localhost:${gw.port}` },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('name="password"');
  });
});
