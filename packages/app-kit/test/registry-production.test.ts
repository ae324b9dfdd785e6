import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createWidgetRegistry } from '../src/index.ts';
import { caught, caughtSync } from './support/errors.ts';
import { tempDir, writeBuild, writeFiles } from './support/fs.ts';

async function build(): Promise<string> {
  const assetsDir = await tempDir();
  await writeBuild(assetsDir, {
    echo: { js: 'echo-3f2a1b9c.js', css: ['echo-9a8b7c6d.css'] },
    chart: { js: 'chart-1.js' },
  });
  return assetsDir;
}

describe('widget registry, production mode without baseUrl', () => {
  it('inlines the build, reads it once and keeps serving it', async () => {
    const assetsDir = await build();
    const registry = createWidgetRegistry({
      mode: 'production',
      assetsDir,
      csp: { connectDomains: ['https://api.example.com'] },
    });
    expect(registry.mode).toBe('production');
    expect(await registry.list()).toEqual(['chart', 'echo']);
    const first = await registry.read('echo');
    expect(first.text).toContain('.textContent = "echo"');
    expect(first.text).not.toMatch(/\b(?:src|href)\s*=/);
    expect(first._meta.ui).toEqual({
      csp: { connectDomains: ['https://api.example.com'] },
      prefersBorder: true,
    });

    // The build is immutable in production: later changes on disk are not re-read.
    await rm(assetsDir, { recursive: true });
    expect(await registry.list()).toEqual(['chart', 'echo']);
    expect((await registry.read('echo')).text).toBe(first.text);
    // The manifest is cached, so what is missing is chart's file, not the build.
    expect((await caught(() => registry.read('chart'))).code).toBe('ERR_APP_KIT_ASSET_MISSING');
  });

  it('does not cache a failure: a build made after start is picked up', async () => {
    const assetsDir = await tempDir();
    const registry = createWidgetRegistry({ mode: 'production', assetsDir });
    const error = await caught(() => registry.read('echo'));
    expect(error.code).toBe('ERR_APP_KIT_ASSETS_MISSING');
    expect(error.message).toContain('npm run build:widgets');

    await writeBuild(assetsDir, { echo: { js: 'echo-1.js' } });
    expect((await registry.read('echo')).uri).toBe('ui://echo');
  });

  it('gives each caller its own metadata object', async () => {
    const registry = createWidgetRegistry({
      mode: 'production',
      assetsDir: await build(),
      csp: { resourceDomains: ['https://img.example.com'] },
    });
    const first = await registry.read('echo');
    first._meta.ui.csp.resourceDomains?.push('https://evil.example.com');
    expect((await registry.read('echo'))._meta.ui.csp).toEqual({
      resourceDomains: ['https://img.example.com'],
    });
  });

  it('fails with ERR_APP_KIT_WIDGET_NOT_FOUND for an unknown id', async () => {
    const registry = createWidgetRegistry({ mode: 'production', assetsDir: await build() });
    for (const id of ['nope', 'constructor', '__proto__']) {
      const error = await caught(() => registry.read(id));
      expect(error.code).toBe('ERR_APP_KIT_WIDGET_NOT_FOUND');
      expect(error.message).toContain('Known widgets: chart, echo.');
    }
    expect(await registry.has('nope')).toBe(false);
    expect(await registry.has('echo')).toBe(true);
  });
});

describe('widget registry, production mode with baseUrl', () => {
  it('links the files under baseUrl and declares its origin for resources', async () => {
    const registry = createWidgetRegistry({
      mode: 'production',
      assetsDir: await build(),
      baseUrl: 'https://CDN.example.com:443/assets/v2/',
      csp: {
        resourceDomains: ['https://img.example.com'],
        connectDomains: ['https://api.example.com'],
      },
      prefersBorder: false,
    });
    const resource = await registry.read('echo');
    expect(resource.text).toContain(
      '<script type="module" src="https://cdn.example.com/assets/v2/echo-3f2a1b9c.js"></script>',
    );
    expect(resource.text).toContain(
      '<link rel="stylesheet" href="https://cdn.example.com/assets/v2/echo-9a8b7c6d.css">',
    );
    expect(resource.text).toContain('<div id="echo-root"></div>');
    expect(resource.text).not.toContain('textContent');
    expect(resource._meta.ui).toEqual({
      csp: {
        resourceDomains: ['https://img.example.com', 'https://cdn.example.com'],
        connectDomains: ['https://api.example.com'],
      },
      prefersBorder: false,
    });
  });

  it('refuses to serve a widget whose files are missing, with the fix', async () => {
    const assetsDir = await build();
    await rm(`${assetsDir}/echo-9a8b7c6d.css`);
    const registry = createWidgetRegistry({
      mode: 'production',
      assetsDir,
      baseUrl: 'https://cdn.example.com/assets',
    });
    const error = await caught(() => registry.read('echo'));
    expect(error.code).toBe('ERR_APP_KIT_ASSET_MISSING');
    expect(error.message).toContain(`${assetsDir}/echo-9a8b7c6d.css`);
    expect(error.message).toContain('npm run build:widgets');

    await writeFiles(assetsDir, { 'echo-9a8b7c6d.css': 'a{}' });
    expect((await registry.read('echo')).text).toContain('echo-9a8b7c6d.css');
  });

  it.each([
    'cdn.example.com/assets',
    '/assets',
    'ftp://cdn.example.com/assets',
    'https://cdn.example.com/assets?v=2',
    'https://cdn.example.com/assets#x',
    'https://user:pw@cdn.example.com/assets',
    '',
  ])('rejects baseUrl %j at construction (ERR_APP_KIT_BASE_URL_INVALID)', (baseUrl) => {
    const error = caughtSync(() =>
      createWidgetRegistry({ mode: 'production', assetsDir: '/srv/assets', baseUrl }),
    );
    expect(error.code).toBe('ERR_APP_KIT_BASE_URL_INVALID');
    expect(error.message).toContain(JSON.stringify(baseUrl));
  });
});
