import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '@gatehouse/core';
import { createDevHost } from '../src/server/index.ts';
import type { DevHost } from '../src/server/index.ts';
import { encodeCspParam, SANDBOX_PROXY_READY, VIEW_SANDBOX } from '../src/shared/contract.ts';

interface LogLine {
  level: string;
  obj: unknown;
  msg: string | undefined;
}
const lines: LogLine[] = [];
function recordingLogger(): Logger {
  const log =
    (level: string) =>
    (obj: Record<string, unknown> | string, msg?: string): void => {
      lines.push(typeof obj === 'string' ? { level, obj: {}, msg: obj } : { level, obj, msg });
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: () => recordingLogger(),
  };
}

function rawStatus(url: string, host: string): Promise<number> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: pathname, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

let root: string;
let devHost: DevHost;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'devhost-sandbox-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  devHost = await createDevHost({
    hostPort: 0,
    sandboxPort: 0,
    appDir: root,
    defaultServerUrl: 'http://localhost:8080/mcp',
    logger: recordingLogger(),
  });
});
beforeEach(() => {
  lines.length = 0;
});
afterAll(async () => {
  await devHost.close();
  await rm(root, { recursive: true, force: true });
});

async function sandboxCsp(param?: string): Promise<string[]> {
  const url = param === undefined ? devHost.sandboxUrl : `${devHost.sandboxUrl}?csp=${param}`;
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return (res.headers.get('content-security-policy') ?? '').split('; ');
}

describe('sandbox page', () => {
  it('embeds the host origin (from the server, not the query) and loads sandbox.js', async () => {
    const res = await fetch(`${devHost.sandboxUrl}?hostOrigin=https://evil.example.com`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(`<meta name="gatehouse-host-origin" content="${devHost.hostUrl}">`);
    expect(html).not.toContain('evil.example.com');
    expect(html).toContain('<script src="/sandbox.js"></script>');
    const config =
      /<script type="application\/json" id="gatehouse-proxy-config">(.*?)<\/script>/s.exec(html);
    expect(JSON.parse(config?.[1] ?? 'null')).toMatchObject({
      hostOrigin: devHost.hostUrl,
      csp: {},
      proxyReady: SANDBOX_PROXY_READY,
      viewSandbox: VIEW_SANDBOX,
      viewFrameId: 'view',
    });
  });

  it('uses the restrictive default CSP header when csp is absent or {}', async () => {
    const expected = [
      "default-src 'none'",
      "script-src 'self' 'unsafe-inline'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "media-src 'self' data:",
      "connect-src 'none'",
      "object-src 'none'",
      `frame-ancestors ${devHost.hostUrl}`,
      `report-uri ${new URL(devHost.sandboxUrl).origin}/csp-report`,
    ];
    expect(await sandboxCsp()).toEqual(expected);
    expect(await sandboxCsp(encodeCspParam(undefined))).toEqual(expected);
    expect(await sandboxCsp(encodeCspParam({}))).toEqual(expected);
  });

  it('builds the CSP header from declared domains', async () => {
    const csp = await sandboxCsp(
      encodeCspParam({
        connectDomains: ['https://api.example.com'],
        resourceDomains: ['https://cdn.example.com'],
      }),
    );
    expect(csp).toContain("connect-src 'self' https://api.example.com");
    expect(csp).toContain("script-src 'self' 'unsafe-inline' https://cdn.example.com");
    expect(csp).toContain("img-src 'self' data: https://cdn.example.com");
    expect(csp).toContain("frame-src 'none'");
    expect(csp).toContain(`frame-ancestors ${devHost.hostUrl}`);
    expect(lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('drops and logs every hostile entry; none reaches the header', async () => {
    const hostile = [
      "https://ok.example.com; script-src 'unsafe-eval'",
      'https://ok.example.com,https://other.example.com',
      "'unsafe-eval'",
      '*',
      'https://*.example.com',
      'https://a.example.com https://b.example.com',
      'https://a.example.com\r\nSet-Cookie: x=1',
      'data:',
    ];
    const csp = await sandboxCsp(
      encodeCspParam({
        connectDomains: ['https://api.example.com', ...hostile],
        resourceDomains: hostile,
        frameDomains: hostile,
        baseUriDomains: hostile,
      }),
    );
    const header = csp.join('; ');
    expect(header).not.toMatch(/unsafe-eval|\*|other\.example|b\.example|Set-Cookie|ok\.example/);
    expect(csp).toContain("connect-src 'self' https://api.example.com");
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    const dropped = lines
      .filter((l) => l.level === 'warn')
      .map((l) => l.obj as { key: string; entry: unknown });
    expect(dropped).toHaveLength(hostile.length * 4);
    for (const key of ['connectDomains', 'resourceDomains', 'frameDomains', 'baseUriDomains']) {
      expect(dropped.filter((d) => d.key === key).map((d) => d.entry)).toEqual(hostile);
    }
  });

  it.each([
    ['not base64url', '!!!'],
    ['not JSON', encodeURIComponent(Buffer.from('{oops').toString('base64url'))],
    ['a JSON array', encodeCspParam(['https://a.example.com'])],
    ['a list that is a string', encodeCspParam({ connectDomains: 'https://a.example.com' })],
  ])('answers 400 for a malformed csp param: %s', async (_name, param) => {
    const res = await fetch(`${devHost.sandboxUrl}?csp=${param}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it('answers 400 for two csp params', async () => {
    const res = await fetch(`${devHost.sandboxUrl}?csp=e30&csp=e30`);
    expect(res.status).toBe(400);
  });

  it('serves sandbox.js as JavaScript from its own origin', async () => {
    const res = await fetch(new URL('/sandbox.js', devHost.sandboxUrl));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toContain('gatehouse-proxy-config');
  });

  it('answers only to Host 127.0.0.1:<port>', async () => {
    const port = new URL(devHost.sandboxUrl).port;
    expect(await rawStatus(devHost.sandboxUrl, `127.0.0.1:${port}`)).toBe(200);
    expect(await rawStatus(devHost.sandboxUrl, `localhost:${port}`)).toBe(403);
    expect(await rawStatus(devHost.sandboxUrl, 'evil.example.com')).toBe(403);
  });

  it('answers 404 for other paths', async () => {
    expect((await fetch(new URL('/index.html', devHost.sandboxUrl))).status).toBe(404);
  });
});

describe('CSP reports (POST /csp-report)', () => {
  const reportUrl = (): string => new URL('/csp-report', devHost.sandboxUrl).href;
  const post = (body: string): Promise<Response> =>
    fetch(reportUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body,
    });

  it('logs what the view’s CSP blocked with the fix, as Chromium reports it (report-uri)', async () => {
    const res = await post(
      JSON.stringify({
        'csp-report': {
          'document-uri': 'about:srcdoc',
          'blocked-uri': 'https://cdn.example.com/cat.png',
          'effective-directive': 'img-src',
          'violated-directive': 'img-src',
        },
      }),
    );
    expect(res.status).toBe(204);
    const warn = lines.find((l) => l.level === 'warn');
    expect(warn?.obj).toEqual({
      blockedUrl: 'https://cdn.example.com/cat.png',
      directive: 'img-src',
    });
    expect(warn?.msg).toContain('add "https://cdn.example.com" to _meta.ui.csp.resourceDomains');
  });

  it('reads the Reporting API format too', async () => {
    const res = await post(
      JSON.stringify([
        {
          type: 'csp-violation',
          body: { blockedURL: 'https://api.example.com/data', effectiveDirective: 'connect-src' },
        },
      ]),
    );
    expect(res.status).toBe(204);
    expect(lines.find((l) => l.level === 'warn')?.msg).toContain('_meta.ui.csp.connectDomains');
  });

  it('refuses what is not a report, and logs nothing', async () => {
    expect((await post('{oops')).status).toBe(400);
    expect((await post(JSON.stringify({ hello: 'world' }))).status).toBe(400);
    expect((await post(JSON.stringify({ 'csp-report': { 'blocked-uri': 'x' } }))).status).toBe(400);
    expect((await post('x'.repeat(20_000))).status).toBe(413);
    expect((await fetch(reportUrl())).status).toBe(405);
    expect(lines.filter((l) => l.level === 'warn')).toEqual([]);
  });
});
