import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runProcess, type ProcessResult } from '@gatehouse/testing';

// packages/cli/bin/gatehouse.js turns on Node's compile cache in a directory only this user may
// write, so a warm start never loads Node's type stripper (ADR 0019).
const BIN = fileURLToPath(new URL('../bin/gatehouse.js', import.meta.url));

/** Preloaded into the CLI: prints on exit whether Node's type stripper (amaro) was loaded. */
const REPORT_STRIPPER = `process.on('exit', () => process._rawDebug(
  'type stripper loaded: ' + process.moduleLoadList.some((m) => m.includes('amaro'))));
`;

interface Result extends ProcessResult {
  readonly stripperLoaded: boolean;
}

let dir: string;
let config: string;
let report: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-bin-'));
  config = join(dir, 'gatehouse.yaml');
  report = join(dir, 'report.cjs');
  await writeFile(config, `listen: 127.0.0.1:8787\ndata_dir: ${join(dir, 'data')}\n`);
  await writeFile(report, REPORT_STRIPPER);
});

afterEach(async () => {
  await chmod(join(dir, 'cache', 'gatehouse'), 0o700).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

async function gatehouse(args: readonly string[], cacheHome: string): Promise<Result> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CACHE_HOME: cacheHome,
    HOME: join(dir, 'home'),
  };
  delete env['NODE_COMPILE_CACHE'];
  delete env['NODE_DISABLE_COMPILE_CACHE'];
  delete env['NODE_OPTIONS'];
  const result = await runProcess(process.execPath, ['--require', report, BIN, ...args], { env });
  const line = /^type stripper loaded: (true|false)$/m.exec(result.stderr);
  if (line === null) throw new Error(`no report from the preload: ${result.stderr}`);
  return { ...result, stripperLoaded: line[1] === 'true' };
}

/** Every file under `path`, recursively. */
async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('bin/gatehouse.js', () => {
  it('caches the compiled sources in a private directory: a second run does not strip types', async () => {
    const cacheHome = join(dir, 'cache');
    const first = await gatehouse(['config', 'check', '--config', config], cacheHome);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('is valid');
    expect(first.stripperLoaded).toBe(true);

    const cache = join(cacheHome, 'gatehouse', 'compile-cache');
    expect((await stat(cache)).mode & 0o777).toBe(0o700);
    expect((await stat(join(cacheHome, 'gatehouse'))).mode & 0o777).toBe(0o700);
    expect((await filesUnder(cache)).length).toBeGreaterThan(0);

    const second = await gatehouse(['config', 'check', '--config', config], cacheHome);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stripperLoaded).toBe(false);
  });

  it('refuses a cache directory that others may write to, and runs without the cache', async () => {
    const cacheHome = join(dir, 'cache');
    const shared = join(cacheHome, 'gatehouse');
    await mkdir(join(shared, 'compile-cache'), { recursive: true });
    await chmod(shared, 0o777);

    for (let run = 0; run < 2; run++) {
      const result = await gatehouse(['config', 'check', '--config', config], cacheHome);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('is valid');
      expect(result.stripperLoaded).toBe(true);
    }
    expect(await filesUnder(join(shared, 'compile-cache'))).toEqual([]);
  });

  it('keeps exit codes and error messages of the command it runs', async () => {
    const result = await gatehouse(['no-such-command'], join(dir, 'cache'));
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('gatehouse: unknown command "no-such-command"');
  });
});
