import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWidgetRegistry, RESOURCE_MIME_TYPE } from '../src/index.ts';
import { caught } from './support/errors.ts';
import { tempDir, writeFiles } from './support/fs.ts';
import { listen } from './support/http.ts';

/** A stand-in for the Vite dev server: serves `/<id>.html` for the ids it knows. */
async function devServer(ids: readonly string[], status = 200) {
  const requests: string[] = [];
  const server = await listen((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '');
    const id = /^\/([a-z0-9-]+)\.html$/.exec(req.url ?? '')?.[1];
    if (status !== 200 || id === undefined || !ids.includes(id)) {
      res.writeHead(status === 200 ? 404 : status).end('nope');
      return;
    }
    const origin = `http://127.0.0.1:${(req.socket.localPort ?? 0).toString()}`;
    res
      .writeHead(200, { 'Content-Type': 'text/html' })
      .end(
        [
          '<!doctype html><html><head>',
          '<script type="module">import { injectIntoGlobalHook } from "/@react-refresh";</script>',
          '<script type="module" src="/@vite/client"></script>',
          `<link rel="stylesheet" href="${origin}/src/${id}.css">`,
          '</head><body>',
          `<div id="${id}-root"></div>`,
          `<script type="module" src="./src/${id}.tsx"></script>`,
          '<a href="//cdn.example.com/x">x</a>',
          '</body></html>',
        ].join('\n'),
      );
  });
  return { ...server, requests };
}

async function widgetsDir(...ids: string[]): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, Object.fromEntries(ids.map((id) => [`${id}.tsx`, 'export {};'])));
  return dir;
}

describe('widget registry, dev mode', () => {
  it('serves the dev server document with absolute dev-server URLs and a CSP that allows it', async () => {
    const server = await devServer(['echo']);
    const registry = createWidgetRegistry({
      mode: 'dev',
      assetsDir: await tempDir(),
      widgetsSrcDir: await widgetsDir('echo'),
      devServerUrl: `${server.url}/`,
      csp: { connectDomains: ['https://api.example.com'] },
    });

    expect(registry.mode).toBe('dev');
    const resource = await registry.read('echo');
    expect(resource.uri).toBe('ui://echo');
    expect(resource.mimeType).toBe(RESOURCE_MIME_TYPE);
    expect(resource._meta.ui).toEqual({
      csp: {
        resourceDomains: [server.url],
        connectDomains: ['https://api.example.com', server.url, `ws://127.0.0.1:${server.port}`],
      },
      prefersBorder: true,
    });
    expect(server.requests).toEqual(['/echo.html']);

    const html = resource.text;
    expect(html).toContain('<div id="echo-root"></div>');
    // Relative references would resolve against the host's sandbox, not the dev server.
    expect(html).toContain(`from "${server.url}/@react-refresh"`);
    expect(html).toContain(`src="${server.url}/@vite/client"`);
    expect(html).toContain(`src="${server.url}/src/echo.tsx"`);
    expect(html).toContain(`href="${server.url}/src/echo.css"`);
    expect(html).toContain('href="//cdn.example.com/x"');
    expect(html).not.toMatch(/(?:src|href)="\.?\/(?!\/)/);
  });

  it('lists the widget sources, and sees a new one without a restart', async () => {
    const server = await devServer(['echo']);
    const srcDir = await widgetsDir('echo', 'chart');
    const registry = createWidgetRegistry({
      mode: 'dev',
      assetsDir: await tempDir(),
      widgetsSrcDir: srcDir,
      devServerUrl: server.url,
    });
    expect(await registry.list()).toEqual(['chart', 'echo']);
    await writeFiles(srcDir, { 'about.tsx': '' });
    expect(await registry.list()).toEqual(['about', 'chart', 'echo']);
    expect(await registry.has('about')).toBe(true);
    expect(await registry.has('nope')).toBe(false);
  });

  it('fails with ERR_APP_KIT_WIDGET_NOT_FOUND for an unknown id without asking the dev server', async () => {
    const server = await devServer(['echo']);
    const srcDir = await widgetsDir('echo');
    const registry = createWidgetRegistry({
      mode: 'dev',
      assetsDir: await tempDir(),
      widgetsSrcDir: srcDir,
      devServerUrl: server.url,
    });
    for (const id of ['chart', '../echo', 'constructor']) {
      const error = await caught(() => registry.read(id));
      expect(error.code).toBe('ERR_APP_KIT_WIDGET_NOT_FOUND');
      expect(error.message).toContain('Known widgets: echo.');
      expect(error.message).toContain(srcDir);
    }
    expect(server.requests).toEqual([]);
  });

  it('says how to start the dev server when nothing listens (ERR_APP_KIT_DEV_SERVER_UNREACHABLE)', async () => {
    const server = await devServer([]);
    await server.close();
    const registry = createWidgetRegistry({
      mode: 'dev',
      assetsDir: await tempDir(),
      widgetsSrcDir: await widgetsDir('echo'),
      devServerUrl: server.url,
    });
    const error = await caught(() => registry.read('echo'));
    expect(error.code).toBe('ERR_APP_KIT_DEV_SERVER_UNREACHABLE');
    expect(error.message).toBe(
      `Widget dev server not reachable at ${server.url}. Start it with \`npm run dev:widgets\` (or \`npm run dev\`), or set WIDGET_PORT.`,
    );
    expect(error.cause).toBeDefined();
  });

  it('gives up on a dev server that never answers', async () => {
    const server = await listen(() => {
      // Accept the request and never answer.
    });
    const registry = createWidgetRegistry({
      mode: 'dev',
      assetsDir: await tempDir(),
      widgetsSrcDir: await widgetsDir('echo'),
      devServerUrl: server.url,
      devServerTimeoutMs: 100,
    });
    const error = await caught(() => registry.read('echo'));
    expect(error.code).toBe('ERR_APP_KIT_DEV_SERVER_UNREACHABLE');
    expect(error.message).toContain('no answer within 100 ms');
  });

  it('reports the status when the dev server does not serve the page', async () => {
    const server = await devServer([]);
    const registry = createWidgetRegistry({
      mode: 'dev',
      assetsDir: await tempDir(),
      widgetsSrcDir: await widgetsDir('echo'),
      devServerUrl: server.url,
    });
    const error = await caught(() => registry.read('echo'));
    expect(error.code).toBe('ERR_APP_KIT_DEV_SERVER_ERROR');
    expect(error.message).toContain('answered 404 Not Found');
    expect(error.message).toContain(`${server.url}/echo.html`);
  });

  it('uses the injected fetch and the https dev server origin for a wss: HMR socket', async () => {
    const seen: string[] = [];
    const fetchStub: typeof fetch = (input) => {
      seen.push(input instanceof Request ? input.url : input.toString());
      return Promise.resolve(new Response('<!doctype html><div id="echo-root"></div>'));
    };
    const registry = createWidgetRegistry({
      mode: 'dev',
      assetsDir: await tempDir(),
      widgetsSrcDir: await widgetsDir('echo'),
      devServerUrl: 'https://widgets.test:8443/base',
      fetch: fetchStub,
      prefersBorder: false,
    });
    const resource = await registry.read('echo');
    expect(seen).toEqual(['https://widgets.test:8443/base/echo.html']);
    expect(resource._meta.ui).toEqual({
      csp: {
        resourceDomains: ['https://widgets.test:8443'],
        connectDomains: ['https://widgets.test:8443', 'wss://widgets.test:8443'],
      },
      prefersBorder: false,
    });
  });
});

describe('widget registry options', () => {
  const assetsDir = path.resolve('/srv/assets');

  it.each([
    [{ devServerUrl: 'http://localhost:4444' }, 'widgetsSrcDir'],
    [{ widgetsSrcDir: '/srv/widgets' }, 'devServerUrl'],
    [{ widgetsSrcDir: '/srv/widgets', devServerUrl: 'localhost:4444' }, 'devServerUrl must be'],
    [
      { widgetsSrcDir: '/srv/widgets', devServerUrl: 'ftp://localhost:4444' },
      'devServerUrl must be',
    ],
    [
      { widgetsSrcDir: '/srv/widgets', devServerUrl: 'http://localhost:4444/?x' },
      'devServerUrl must be',
    ],
    [{ widgetsSrcDir: 'widgets', devServerUrl: 'http://localhost:4444' }, 'widgetsSrcDir must be'],
    [
      {
        widgetsSrcDir: '/srv/widgets',
        devServerUrl: 'http://localhost:4444',
        devServerTimeoutMs: 0,
      },
      'devServerTimeoutMs',
    ],
  ])('dev mode: %j is rejected (%s)', (extra, message) => {
    let thrown: unknown;
    try {
      createWidgetRegistry({ mode: 'dev', assetsDir, ...extra });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'ERR_APP_KIT_OPTIONS_INVALID' });
    expect(String(thrown)).toContain(message);
  });

  it('rejects a relative assetsDir, an unknown mode and unknown options', () => {
    const attempts: unknown[] = [
      { mode: 'inline', assetsDir: 'assets' },
      { mode: 'staging', assetsDir },
      { mode: 'production', assetsDir, baseURL: 'https://cdn.example.com' },
    ];
    for (const options of attempts) {
      expect(() =>
        createWidgetRegistry(options as Parameters<typeof createWidgetRegistry>[0]),
      ).toThrow(expect.objectContaining({ code: 'ERR_APP_KIT_OPTIONS_INVALID' }) as Error);
    }
  });

  it('validates the app CSP at construction', () => {
    expect(() =>
      createWidgetRegistry({
        mode: 'inline',
        assetsDir,
        csp: { connectDomains: ['https://*.example.com'] },
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_APP_KIT_CSP_INVALID' }) as Error);
  });
});
