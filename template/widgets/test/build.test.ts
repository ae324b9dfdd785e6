// @vitest-environment node
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverWidgets, readManifest } from '@gatehouse/app-kit';
import react from '@vitejs/plugin-react';
import { createBuilder } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetsPlugin } from '../plugin/index.ts';

// Runs the real widget build (`vite build` = createBuilder().buildApp(); the legacy `build()` JS
// API builds a single environment, and this build has one environment per widget).
const widgetsRoot = fileURLToPath(new URL('..', import.meta.url));
const HASHED = /^(?<id>[a-z][a-z0-9-]*)-[\w-]{8}\.(?<ext>js|css)$/;
const temps: string[] = [];

/** Runs `fn` with env vars set (vitest sets NODE_ENV=test, which would make Vite bundle dev React). */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'widgets-build-'));
  temps.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('widget build (template config)', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await tempDir();
    await withEnv({ WIDGETS_OUT_DIR: outDir, NODE_ENV: 'production' }, async () => {
      const configFile = path.join(widgetsRoot, 'vite.config.ts');
      const builder = await createBuilder({ configFile, logLevel: 'warn' });
      await builder.buildApp();
    });
  }, 60_000);

  it('writes a manifest the server can read, listing every widget', async () => {
    const manifest = await readManifest(outDir);
    const sources = await discoverWidgets(path.join(widgetsRoot, 'src/widgets'));
    expect(Object.keys(manifest.widgets).sort()).toEqual(sources.map((w) => w.id));
    expect(Object.keys(manifest.widgets)).toContain('echo');
  });

  it('emits content-hashed files, exactly one self-contained JS file per widget', async () => {
    const manifest = await readManifest(outDir);
    const files = await readdir(outDir);
    const jsFiles = files.filter((f) => f.endsWith('.js'));
    expect(jsFiles).toHaveLength(Object.keys(manifest.widgets).length);
    for (const [id, entry] of Object.entries(manifest.widgets)) {
      expect(entry.js).toMatch(HASHED);
      expect(HASHED.exec(entry.js)?.groups?.['id']).toBe(id);
      expect(files).toContain(entry.js);
      expect(entry.css.length).toBeGreaterThan(0);
      for (const css of entry.css) {
        expect(css).toMatch(HASHED);
        expect(files).toContain(css);
      }
      const code = await readFile(path.join(outDir, entry.js), 'utf8');
      // No static or dynamic imports of other files: the server can inline it as is.
      expect(code).not.toMatch(/\bimport\s*\(|\bfrom\s*["']\.{0,2}\//);
      expect(code).toContain(`${id}-root`);
      expect(code, 'production React').not.toContain('registerInternalModuleStart');
    }
  });

  it('writes <id>.html with the root element and relative asset URLs', async () => {
    const { widgets } = await readManifest(outDir);
    const echo = widgets['echo'];
    const html = await readFile(path.join(outDir, 'echo.html'), 'utf8');
    expect(html).toContain('<div id="echo-root"></div>');
    expect(html).toContain(`<script type="module" src="./${echo?.js}"></script>`);
    for (const css of echo?.css ?? [])
      expect(html).toContain(`<link rel="stylesheet" href="./${css}">`);
  });

  it("keeps the MCP SDK's client-only code (OAuth, SSE transport) out of the echo bundle", async () => {
    const { widgets } = await readManifest(outDir);
    const code = await readFile(path.join(outDir, widgets['echo']?.js ?? ''), 'utf8');
    // The App only needs the SDK's Protocol; these error classes brand themselves in static
    // blocks, so without the side-effect-free rule in vite.config.ts the whole Client came along.
    expect(code).toContain('mcp.ProtocolError');
    expect(code).not.toContain('mcp.UnauthorizedError');
    expect(code).not.toContain('mcp.SseError');
  });
});

describe('widget build (plugin edge cases)', () => {
  async function buildFixture(files: Record<string, string>): Promise<string> {
    const root = await tempDir();
    const widgetsDir = path.join(root, 'widgets');
    await mkdir(widgetsDir);
    for (const [name, code] of Object.entries(files))
      await writeFile(path.join(widgetsDir, name), code);
    const outDir = path.join(root, 'out');
    await withEnv({ NODE_ENV: 'production' }, async () => {
      const builder = await createBuilder({
        configFile: false,
        root,
        logLevel: 'silent',
        plugins: [react(), widgetsPlugin({ widgetsDir, outDir, devPort: 4444 })],
      });
      await builder.buildApp();
    });
    return outDir;
  }

  it('inlines shared modules and dynamic imports instead of splitting chunks', async () => {
    const outDir = await buildFixture({
      'shared.ts': `export const shared = 'SHARED_MARKER';`,
      'lazy.ts': `export const lazy = 'LAZY_MARKER';`,
      // No JSX: the fixture lives in a temp folder that cannot resolve react/jsx-runtime.
      'first.tsx': `import { shared } from './shared.ts';
        export default function First() { void import('./lazy.ts').then((m) => console.log(m.lazy)); return shared; }`,
      'second.tsx': `import { shared } from './shared.ts';
        const root = document.getElementById('second-root'); if (root) root.textContent = shared;`,
    });
    const files = (await readdir(outDir)).sort();
    expect(
      files.filter((f) => f.endsWith('.js')).map((f) => HASHED.exec(f)?.groups?.['id']),
    ).toEqual(['first', 'second']);
    expect(files.filter((f) => !HASHED.test(f))).toEqual([
      'first.html',
      'manifest.json',
      'second.html',
    ]);
    const manifest = await readManifest(outDir);
    const first = await readFile(path.join(outDir, manifest.widgets['first']?.js ?? ''), 'utf8');
    expect(first).toContain('LAZY_MARKER');
    expect(first).toContain('SHARED_MARKER');
  }, 60_000);

  it('fails, naming the file, when a widget mounts itself into another root id', async () => {
    await expect(
      buildFixture({
        'my-widget.tsx': `const root = document.getElementById('mywidget-root');
          if (root) root.textContent = 'never shown';`,
      }),
    ).rejects.toThrow(
      /my-widget\.tsx: the widget mounts into "#mywidget-root", but the widget build writes <div id="my-widget-root">/,
    );
  }, 60_000);

  it('fails clearly when there is no widget', async () => {
    await expect(buildFixture({ 'helper.ts': 'export {};' })).rejects.toThrow(
      /No widgets found in .*widgets/,
    );
  });
});
