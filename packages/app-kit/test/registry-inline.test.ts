import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createWidgetRegistry } from '../src/index.ts';
import { caught } from './support/errors.ts';
import { tempDir, writeBuild } from './support/fs.ts';

describe('widget registry, inline mode', () => {
  it('serves self-contained documents and declares only the app domains', async () => {
    const assetsDir = await tempDir();
    await writeBuild(assetsDir, { echo: { js: 'echo-1.js', css: ['echo-1.css'] } });
    const registry = createWidgetRegistry({
      mode: 'inline',
      assetsDir,
      csp: { connectDomains: ['https://api.example.com'] },
    });

    expect(registry.mode).toBe('inline');
    expect(await registry.list()).toEqual(['echo']);
    const resource = await registry.read('echo');
    expect(resource.uri).toBe('ui://echo');
    expect(resource.text).toContain('.textContent = "echo"');
    expect(resource.text).toContain('#echo-root { color: red; }');
    expect(resource.text).not.toMatch(/\b(?:src|href)\s*=/);
    expect(resource._meta.ui).toEqual({
      csp: { connectDomains: ['https://api.example.com'] },
      prefersBorder: true,
    });
  });

  it('declares an empty CSP when the app needs no domains', async () => {
    const assetsDir = await tempDir();
    await writeBuild(assetsDir, { echo: { js: 'echo-1.js' } });
    const registry = createWidgetRegistry({ mode: 'inline', assetsDir });
    expect((await registry.read('echo'))._meta.ui.csp).toEqual({});
  });

  it('re-reads the manifest on every call, as a watch build rewrites it', async () => {
    const assetsDir = await tempDir();
    await writeBuild(assetsDir, { echo: { js: 'echo-1.js' } });
    const registry = createWidgetRegistry({ mode: 'inline', assetsDir });
    expect(await registry.read('echo')).toMatchObject({
      text: expect.stringContaining('"echo"') as string,
    });

    await rm(`${assetsDir}/echo-1.js`);
    await writeBuild(assetsDir, {
      echo: { js: 'echo-2.js', files: { 'echo-2.js': 'console.log("rebuilt");' } },
      chart: { js: 'chart-1.js' },
    });
    expect(await registry.list()).toEqual(['chart', 'echo']);
    expect(await registry.has('chart')).toBe(true);
    expect((await registry.read('echo')).text).toContain('console.log("rebuilt");');
    expect((await registry.read('chart')).uri).toBe('ui://chart');
  });

  it('reports a missing build, an unknown widget and a missing file with their codes', async () => {
    const assetsDir = await tempDir();
    const registry = createWidgetRegistry({ mode: 'inline', assetsDir });
    expect((await caught(() => registry.list())).code).toBe('ERR_APP_KIT_ASSETS_MISSING');
    expect((await caught(() => registry.read('echo'))).code).toBe('ERR_APP_KIT_ASSETS_MISSING');

    await writeBuild(assetsDir, { echo: { js: 'echo-1.js', css: ['echo-1.css'] } });
    const unknown = await caught(() => registry.read('chart'));
    expect(unknown.code).toBe('ERR_APP_KIT_WIDGET_NOT_FOUND');
    expect(unknown.message).toContain('npm run build:widgets');

    await rm(`${assetsDir}/echo-1.css`);
    const missing = await caught(() => registry.read('echo'));
    expect(missing.code).toBe('ERR_APP_KIT_ASSET_MISSING');
    expect(missing.message).toContain('echo-1.css');
  });
});
