import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { freePorts, runProcess } from '@gatehouse/testing';
import { Client } from '@gatehouse/testing/gateway';

// Issue 15 item 12: the README's gateway commands in order (serve --config …, then users add
// without --config) wrote the account to ./data while the server used the config's data folder,
// and the link said "expired or used". Now users warns about the new folder, and the server
// recognizes a link of another data folder and says so.

const MAIN = fileURLToPath(new URL('../packages/cli/src/main.ts', import.meta.url));

async function cli(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; out: string; err: string }> {
  const { code, stdout, stderr } = await runProcess(process.execPath, [MAIN, ...args], { cwd });
  return { code, out: stdout, err: stderr };
}

const LINK = /http:\/\/localhost:\d+\/signin\/link\?token=[\w-]+/;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-users-dir-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("a link made without the server's --config says it is from another data folder; with --config it works", async () => {
  const [edge = 0] = await freePorts(1);
  await mkdir(join(dir, 'conf'));
  const config = join(dir, 'conf', 'gatehouse.yaml');
  await writeFile(
    config,
    `listen: 127.0.0.1:${String(edge)}\nauthenticate_service_url: http://localhost:${String(edge)}\n` +
      `data_dir: ./served\nssh: { enabled: false }\n`,
  );
  const serve = spawn(
    process.execPath,
    [MAIN, 'serve', '--config', config, '--log-level', 'warn'],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let served = '';
  const up = new Promise<void>((resolve, reject) => {
    serve.stderr.on('data', (c: Buffer) => {
      served += c.toString();
      if (served.includes('Gatehouse is up')) resolve();
    });
    serve.once('exit', () => reject(new Error(`serve exited:\n${served}`)));
  });
  const closed = new Promise((r) => serve.once('close', r));
  try {
    await up;
    // The README's next line, without --config: another (new) data folder, with a warning.
    const stray = await cli(['users', 'add', 'bob@example.com'], dir);
    expect(stray.code).toBe(0);
    expect(stray.err).toContain(`warning: there was no Gatehouse data in ${join(dir, 'data')} yet`);
    expect(stray.err).toContain('same --config');
    // (Its link names the defaults' port 8787; the README's config uses that port too.)
    const strayLink = new URL(LINK.exec(stray.out)?.[0] ?? '');
    strayLink.port = String(edge);
    const browser = new Client();
    const other = await browser.request(strayLink.href, { headers: { accept: 'text/html' } });
    expect(other.status).toBe(404);
    expect(other.body).toContain('Link from another data folder');
    expect(other.body).not.toContain('expired');

    // With the server's --config: no warning, and the link opens the set-password page.
    const right = await cli(['users', 'add', 'carol@example.com', '--config', config], dir);
    expect(right.code).toBe(0);
    expect(right.err).toBe('');
    const page = await browser.request(LINK.exec(right.out)?.[0] ?? '', {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('carol@example.com');
  } finally {
    serve.kill('SIGTERM');
    await closed;
  }
}, 120_000);
