import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './support/process.ts';

// `npm run new:tool` on a fresh copy of the template: the new tool must be registered, type-check,
// build into its own widget, and its generated tests must pass.
const templateDir = path.resolve(import.meta.dirname, '..', '..');
const repoRoot = path.resolve(templateDir, '..');
const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);

let copy: string;
beforeAll(async () => {
  // Inside the repository (ignored .output/), so packages resolve as they do for the template.
  await mkdir(path.join(repoRoot, '.output'), { recursive: true });
  copy = await mkdtemp(path.join(repoRoot, '.output', 'new-tool-'));
  const skip = new Set(['node_modules', 'assets', 'dist']);
  await cp(templateDir, copy, {
    recursive: true,
    filter: (source) => !skip.has(path.basename(source)) && !/\.test\.tsx?$/.test(source),
  });
  // The template's own (non-hoisted) dependencies; the rest resolve from the repository root.
  if (existsSync(path.join(templateDir, 'node_modules'))) {
    await symlink(path.join(templateDir, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  }
});
afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

const newTool = (...args: string[]) =>
  run(process.execPath, [path.join(copy, 'scripts', 'new-tool.ts'), ...args], { cwd: copy });

async function snapshot(): Promise<string[]> {
  const files = await readdir(copy, { recursive: true });
  return files.filter((f) => !f.startsWith('node_modules')).sort();
}

describe('npm run new:tool', () => {
  it('refuses a bad name and writes nothing', async () => {
    const before = await snapshot();
    for (const bad of [[], ['Weather_Card'], ['9lives'], ['a--b']]) {
      const result = await newTool(...bad);
      expect(result.code, bad.join()).toBe(1);
      expect(result.stderr).toMatch(/^new:tool: /);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('scaffolds a registered tool, widget and tests', async () => {
    const result = await newTool('weather-card');
    expect(result.code, result.stderr).toBe(0);
    for (const file of [
      'server/src/tools/weather-card.ts',
      'server/test/tools/weather-card.test.ts',
      'widgets/src/widgets/weather-card.tsx',
      'widgets/src/weather-card/WeatherCard.tsx',
      'widgets/test/weather-card.test.tsx',
    ]) {
      expect(existsSync(path.join(copy, file)), file).toBe(true);
    }
    const index = await readFile(path.join(copy, 'server/src/tools/index.ts'), 'utf8');
    expect(index).toContain("import { weatherCardTool } from './weather-card.ts';");
    expect(index).toMatch(/echoTool,\n\s+weatherCardTool,/);
  });

  it('refuses a name that exists and changes nothing', async () => {
    const index = await readFile(path.join(copy, 'server/src/tools/index.ts'), 'utf8');
    const result = await newTool('weather-card');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already exists');
    expect(await readFile(path.join(copy, 'server/src/tools/index.ts'), 'utf8')).toBe(index);
  });

  it('type-checks', async () => {
    for (const project of ['server/tsconfig.json', 'widgets/tsconfig.json']) {
      const result = await run(bin('tsc'), ['-p', project, '--noEmit'], {
        cwd: copy,
        timeoutMs: 120_000,
      });
      expect(result.code, `${project}\n${result.stdout}`).toBe(0);
    }
  });

  it('builds its own widget', async () => {
    const out = path.join(copy, 'assets');
    const result = await run(bin('vite'), ['build', '--config', 'widgets/vite.config.ts'], {
      cwd: copy,
      env: { WIDGETS_OUT_DIR: out, NODE_ENV: 'production' },
      timeoutMs: 120_000,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as {
      widgets: Record<string, unknown>;
    };
    expect(Object.keys(manifest.widgets).sort()).toEqual(['echo', 'weather-card']);
  });

  it('passes its generated tests', async () => {
    for (const [config, file] of [
      ['server/vitest.config.ts', 'test/tools/weather-card.test.ts'],
      ['widgets/vitest.config.ts', 'test/weather-card.test.tsx'],
    ] as const) {
      const result = await run(bin('vitest'), ['run', '--config', config, file], {
        cwd: copy,
        timeoutMs: 120_000,
      });
      expect(result.code, `${config}\n${result.stdout}${result.stderr}`).toBe(0);
      expect(stripVTControlCharacters(result.stdout)).toMatch(/Tests\s+\d+ passed/);
    }
  });
});
