import { describe, expect, it } from 'vitest';
import { readManifest } from '../src/index.ts';
import { caught } from './support/errors.ts';
import { tempDir, writeFiles } from './support/fs.ts';

async function manifestDir(content: string): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, { 'manifest.json': content });
  return dir;
}

describe('readManifest', () => {
  it('reads the widgets of a build', async () => {
    const dir = await manifestDir(
      '{"version":1,"widgets":{"echo":{"js":"echo-3f2a1b9c.js","css":["echo-9a8b7c6d.css"]},"chart":{"js":"chart-1.js","css":[]}}}',
    );
    expect(await readManifest(dir)).toEqual({
      version: 1,
      widgets: {
        echo: { js: 'echo-3f2a1b9c.js', css: ['echo-9a8b7c6d.css'] },
        chart: { js: 'chart-1.js', css: [] },
      },
    });
  });

  it('tells you to build the widgets when there is no manifest', async () => {
    const dir = await tempDir();
    const error = await caught(() => readManifest(dir));
    expect(error.code).toBe('ERR_APP_KIT_ASSETS_MISSING');
    expect(error.message).toContain(`${dir}/manifest.json`);
    expect(error.message).toContain('npm run build:widgets');
  });

  const malformed: [what: string, content: string, message: string][] = [
    ['not JSON', '{"version":1,', 'is not valid JSON'],
    ['an array', '[]', 'expected {"version":1'],
    ['another version', '{"version":2,"widgets":{}}', 'expected {"version":1'],
    ['widgets as a list', '{"version":1,"widgets":[]}', 'expected {"version":1'],
    ['an entry without js', '{"version":1,"widgets":{"echo":{"css":[]}}}', 'widgets.echo.js'],
    [
      'js with a path',
      '{"version":1,"widgets":{"echo":{"js":"../echo.js","css":[]}}}',
      'widgets.echo.js',
    ],
    [
      'js in a folder',
      '{"version":1,"widgets":{"echo":{"js":"assets/echo.js","css":[]}}}',
      'widgets.echo.js',
    ],
    [
      'a hidden js file',
      '{"version":1,"widgets":{"echo":{"js":".echo.js","css":[]}}}',
      'widgets.echo.js',
    ],
    [
      'css not a list',
      '{"version":1,"widgets":{"echo":{"js":"e.js","css":"e.css"}}}',
      'widgets.echo.css',
    ],
    [
      'css with a path',
      '{"version":1,"widgets":{"echo":{"js":"e.js","css":["/e.css"]}}}',
      'widgets.echo.css',
    ],
    ['an invalid widget id', '{"version":1,"widgets":{"Echo":{"js":"e.js","css":[]}}}', '"Echo"'],
    [
      '__proto__ as an id',
      '{"version":1,"widgets":{"__proto__":{"js":"e.js","css":[]}}}',
      '"__proto__"',
    ],
  ];
  it.each(malformed)(
    'rejects %s with ERR_APP_KIT_MANIFEST_INVALID',
    async (_what, content, message) => {
      const dir = await manifestDir(content);
      const error = await caught(() => readManifest(dir));
      expect(error.code).toBe('ERR_APP_KIT_MANIFEST_INVALID');
      expect(error.message).toContain(message);
      expect(error.message).toContain('Rebuild the widgets with `npm run build:widgets`');
    },
  );
});
