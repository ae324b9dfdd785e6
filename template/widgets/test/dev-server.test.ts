// @vitest-environment node
import { request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The widget dev server as the MCP server and hosts use it: documents and scripts fetched
// cross-origin from a sandboxed iframe (`Origin: null`).
const widgetsRoot = fileURLToPath(new URL('..', import.meta.url));
let server: ViteDevServer;
let origin: string;

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, 'localhost', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const get = (pathname: string) => fetch(`${origin}${pathname}`, { headers: { Origin: 'null' } });

beforeAll(async () => {
  const port = await freePort();
  const previous = process.env['WIDGET_PORT'];
  process.env['WIDGET_PORT'] = String(port);
  try {
    server = await createServer({
      configFile: path.join(widgetsRoot, 'vite.config.ts'),
      logLevel: 'silent',
    });
  } finally {
    if (previous === undefined) delete process.env['WIDGET_PORT'];
    else process.env['WIDGET_PORT'] = previous;
  }
  await server.listen();
  origin = `http://localhost:${port}`;
}, 30_000);

afterAll(async () => {
  await server?.close();
});

describe('widget dev server', () => {
  it('serves /<id>.html with absolute script URLs on the dev origin', async () => {
    const res = await get('/echo.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const html = await res.text();
    expect(html).toContain('<div id="echo-root"></div>');
    const scripts = [...html.matchAll(/<script type="module" src="([^"]+)">/g)].map((m) => m[1]);
    expect(scripts).toEqual([`${origin}/@vite/client`, `${origin}/@widget-entry/echo.js`]);
  });

  it('lists the widgets at /manifest.json', async () => {
    const res = await get('/manifest.json');
    expect(res.status).toBe(200);
    const manifest = (await res.json()) as {
      origin: string;
      widgets: Record<string, { html: string }>;
    };
    expect(manifest.origin).toBe(origin);
    expect(manifest.widgets['echo']?.html).toBe(`${origin}/echo.html`);
  });

  it('serves the entry cross-origin, installing React Refresh before the widget loads', async () => {
    const res = await get('/@widget-entry/echo.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const code = await res.text();
    const preamble = code.indexOf('plugin-react/preamble');
    const widget = code.indexOf('/src/widgets/echo.tsx');
    expect(preamble).toBeGreaterThanOrEqual(0);
    expect(widget).toBeGreaterThan(preamble);
    expect(code).toContain('mountWidget(widget, "echo", "echo-root")');
  });

  it('answers 404 for an unknown widget', async () => {
    expect((await get('/nope.html')).status).toBe(404);
  });

  it('still rejects foreign Host headers (DNS rebinding)', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const url = new URL('/echo.html', origin);
      const req = request(url, { headers: { Host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});
