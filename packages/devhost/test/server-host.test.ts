import { request } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevHost } from '../src/server/index.ts';
import type { DevHost } from '../src/server/index.ts';

const INDEX_HTML = '<!doctype html><title>devhost test app</title><div id="root"></div>';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with a raw path and Host header, which fetch would normalise or refuse to send. */
function rawGet(url: string, path: string, host?: string): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, method: 'GET', headers: host === undefined ? {} : { host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let root: string;
let appDir: string;
let devHost: DevHost;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'devhost-host-'));
  appDir = join(root, 'app');
  await mkdir(join(appDir, 'assets'), { recursive: true });
  await writeFile(join(appDir, 'index.html'), INDEX_HTML);
  await writeFile(join(appDir, 'assets', 'index-abc123.js'), 'console.log("app");');
  await writeFile(join(appDir, 'assets', 'index-abc123.css'), 'body{margin:0}');
  await writeFile(join(appDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(appDir, '.env'), 'SECRET=dotfile');
  await writeFile(join(root, 'secret.txt'), 'SECRET=outside');
  devHost = await createDevHost({
    hostPort: 0,
    sandboxPort: 0,
    appDir,
    defaultServerUrl: 'http://localhost:8080/mcp',
  });
});

afterAll(async () => {
  await devHost.close();
  await rm(root, { recursive: true, force: true });
});

describe('dev host server', () => {
  it('listens on localhost and a sandbox on 127.0.0.1, on different ports', () => {
    expect(devHost.hostUrl).toMatch(/^http:\/\/localhost:\d+$/);
    expect(devHost.sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\.html$/);
    expect(new URL(devHost.hostUrl).port).not.toBe(new URL(devHost.sandboxUrl).port);
  });

  it('serves config.json, never cached', async () => {
    const res = await fetch(`${devHost.hostUrl}/config.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      defaultServerUrl: 'http://localhost:8080/mcp',
      sandboxUrl: devHost.sandboxUrl,
    });
  });

  it('serves index.html with a restrictive CSP that frames only the sandbox origin', async () => {
    const res = await fetch(`${devHost.hostUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toBe(INDEX_HTML);
    const csp = (res.headers.get('content-security-policy') ?? '').split('; ');
    const sandboxOrigin = new URL(devHost.sandboxUrl).origin;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self' http: https: ws: wss:");
    expect(csp).toContain(`frame-src ${sandboxOrigin}`);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it.each([
    ['/assets/index-abc123.js', 'text/javascript; charset=utf-8', 'console.log("app");'],
    ['/assets/index-abc123.css', 'text/css; charset=utf-8', 'body{margin:0}'],
    ['/favicon.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
  ])('serves %s as %s', async (path, type, body) => {
    const res = await fetch(`${devHost.hostUrl}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(body);
  });

  it.each(['/oauth/callback?code=abc&state=xyz', '/tools/echo', '/assets'])(
    'falls back to index.html for the app route %s',
    async (path) => {
      const res = await fetch(`${devHost.hostUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(await res.text()).toBe(INDEX_HTML);
    },
  );

  it('answers 404, not the app, for a missing asset', async () => {
    const res = await fetch(`${devHost.hostUrl}/assets/missing-123.js`);
    expect(res.status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%5c%2e%2e%5csecret.txt',
    '/.env',
    '/index.html%00.js',
  ])('never serves a file outside the app or a dot-file: %s', async (path) => {
    const res = await rawGet(devHost.hostUrl, path);
    expect(res.body).not.toContain('SECRET');
    expect([200, 403, 404]).toContain(res.status);
    if (res.status === 200) expect(res.body).toBe(INDEX_HTML);
  });

  it('refuses an encoded traversal with 403', async () => {
    const res = await rawGet(devHost.hostUrl, '/..%2fsecret.txt');
    expect(res.status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const port = new URL(devHost.hostUrl).port;
    for (const host of ['evil.example.com', `evil.example.com:${port}`, 'localhost:1']) {
      const res = await rawGet(devHost.hostUrl, '/config.json', host);
      expect(res.status).toBe(403);
      expect(res.body).not.toContain('sandboxUrl');
    }
    expect((await rawGet(devHost.hostUrl, '/config.json', `localhost:${port}`)).status).toBe(200);
    expect((await rawGet(devHost.hostUrl, '/config.json', `127.0.0.1:${port}`)).status).toBe(200);
  });

  it('sends 127.0.0.1 visitors of a page to localhost, whose origin the sandbox trusts', async () => {
    const port = new URL(devHost.hostUrl).port;
    const res = await rawGet(devHost.hostUrl, '/oauth/callback?code=1', `127.0.0.1:${port}`);
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe(`http://localhost:${port}/oauth/callback?code=1`);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await fetch(`${devHost.hostUrl}/config.json`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
  });
});

describe('dev host server without a built app', () => {
  it('answers 500 with the build command', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'devhost-empty-'));
    const bare = await createDevHost({
      hostPort: 0,
      sandboxPort: 0,
      appDir: empty,
      defaultServerUrl: 'http://localhost:8080/mcp',
    });
    try {
      const res = await fetch(`${bare.hostUrl}/`);
      expect(res.status).toBe(500);
      expect(await res.text()).toContain(
        'the dev host web app is not built: run npm run build --workspace packages/devhost',
      );
      expect((await fetch(`${bare.hostUrl}/config.json`)).status).toBe(200);
    } finally {
      await bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('createDevHost on a busy port', () => {
  it('fails with ERR_DEVHOST_PORT_IN_USE naming the server and the port', async () => {
    const port = Number(new URL(devHost.hostUrl).port);
    await expect(
      createDevHost({ hostPort: 0, sandboxPort: port, appDir, defaultServerUrl: 'http://x/mcp' }),
    ).rejects.toMatchObject({ code: 'ERR_DEVHOST_PORT_IN_USE', role: 'sandbox', port });
  });
});
