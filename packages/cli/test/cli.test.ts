import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, runProcess, type ProcessResult } from '@gatehouse/testing';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function cli(args: string[], options: { cwd: string; stdin?: string }): Promise<ProcessResult> {
  return runProcess(process.execPath, [MAIN, ...args], {
    cwd: options.cwd,
    stdin: options.stdin ?? '',
  });
}

function get(port: number, host: string, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host, accept: 'text/html' } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function until<T>(
  probe: () => T | Promise<T>,
  ok: (v: T) => boolean,
  ms = 10_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gatehouse CLI', () => {
  it(
    'prints usage and exits 64 without a command, and names an unknown command or flag',
    { timeout: 120_000 },
    async () => {
      const none = await cli([], { cwd: dir });
      expect(none.code).toBe(64);
      expect(none.stdout).toContain('gatehouse serve');
      const bogus = await cli(['bogus'], { cwd: dir });
      expect(bogus.code).toBe(64);
      expect(bogus.stderr).toContain('unknown command "bogus"');
      const flag = await cli(['serve', '--nope'], { cwd: dir });
      expect(flag.code).toBe(64);
      expect(flag.stderr).toContain('unknown option --nope');
    },
  );

  it(
    'names an unreadable config file and a bad one, and starts nothing',
    { timeout: 120_000 },
    async () => {
      const missing = await cli(['serve', '--config', 'missing.yaml'], { cwd: dir });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('missing.yaml');
      expect(missing.stderr).toContain('ERR_CONFIG_READ');
      await writeFile(join(dir, 'bad.yaml'), 'listen: 127.0.0.1:1\nroutez: []\n');
      const bad = await cli(['serve', '--config', 'bad.yaml'], { cwd: dir });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('routez');
    },
  );

  it('users add, list, disable and enable work on the data dir', async () => {
    const add = await cli(
      ['users', 'add', 'Ada@Example.com', '--group', 'eng', '--password-stdin'],
      { cwd: dir, stdin: 'a long enough password\n' },
    );
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('Added ada@example.com');
    const dup = await cli(['users', 'add', 'ada@example.com', '--password-stdin'], {
      cwd: dir,
      stdin: 'a long enough password\n',
    });
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('ada@example.com');
    const weak = await cli(['users', 'add', 'bob@example.com', '--password-stdin'], {
      cwd: dir,
      stdin: 'short\n',
    });
    expect(weak.code).toBe(64);
    const link = await cli(['users', 'add', 'carol@example.com'], { cwd: dir });
    expect(link.stdout).toMatch(/http:\/\/localhost:8787\/signin\/link\?token=[\w-]{43}/);
    expect((await cli(['users', 'add', 'not-an-email'], { cwd: dir })).code).toBe(64);
    expect((await cli(['users', 'disable', 'ada@example.com'], { cwd: dir })).code).toBe(0);
    const list = await cli(['users', 'list'], { cwd: dir });
    expect(list.stdout).toMatch(/ada@example.com\tdisabled\teng\tpassword set/);
    expect(list.stdout).toMatch(/carol@example.com\tactive\t-\tno password/);
    expect(list.stdout).not.toContain('bob@example.com');
    expect((await cli(['users', 'enable', 'ada@example.com'], { cwd: dir })).code).toBe(0);
    expect((await cli(['users', 'disable', 'zed@example.com'], { cwd: dir })).stderr).toContain(
      'no account for zed@example.com',
    );
  }, 180_000);

  it('users reset-password prints a one-time link; set-groups replaces the groups', async () => {
    await cli(['users', 'add', 'dan@example.com', '--group', 'eng', '--password-stdin'], {
      cwd: dir,
      stdin: 'a long enough password\n',
    });
    const reset = await cli(['users', 'reset-password', 'dan@example.com'], { cwd: dir });
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(
      /choose a new password \(valid 24 hours; the old password works until then\):\n {2}http:\/\/localhost:8787\/signin\/link\?token=[\w-]{43}/,
    );
    expect(
      (await cli(['users', 'reset-password', 'nobody@example.com'], { cwd: dir })).stderr,
    ).toContain('no account for nobody@example.com');
    const groups = await cli(
      ['users', 'set-groups', 'dan@example.com', '--group', 'ops', '--group', 'admin'],
      { cwd: dir },
    );
    expect(groups.code).toBe(0);
    expect(groups.stdout).toContain('dan@example.com: groups ops, admin; ended 0 sessions');
    expect((await cli(['users', 'list'], { cwd: dir })).stdout).toMatch(
      /dan@example.com\tactive\tops,admin\tpassword set/,
    );
    await cli(['users', 'set-groups', 'dan@example.com'], { cwd: dir });
    expect((await cli(['users', 'list'], { cwd: dir })).stdout).toMatch(
      /dan@example.com\tactive\t-\tpassword set/,
    );
  }, 180_000);

  it('config check: a summary and warnings for a valid file, every problem for a bad one', async () => {
    await writeFile(
      join(dir, 'ok.yaml'),
      'listen: 0.0.0.0:8787\nroutes:\n  - from: http://mcp.localhost:8787\n    to: http://127.0.0.1:8080\n    mcp: { server: {} }\n    allowed_users: [ada@example.com]\n',
    );
    const ok = await cli(['config', 'check', '--config', 'ok.yaml'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('ok.yaml is valid: 1 route (1 MCP), sign-in with');
    expect(ok.stdout).toMatch(
      /warning: listen 0\.0\.0\.0:8787 is reachable from other machines without tls/,
    );
    await writeFile(join(dir, 'typo.yaml'), 'routez: []\nlisten: nowhere\n');
    const bad = await cli(['config', 'check', '--config', 'typo.yaml'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('routez');
    expect(bad.stderr).toContain('listen');
    expect((await cli(['config', 'check'], { cwd: dir })).stdout).toContain(
      'The embedded defaults are valid',
    );
    expect((await cli(['config', 'lint'], { cwd: dir })).code).toBe(64);
  });

  describe('serve', () => {
    let child: ChildProcess | undefined;
    afterEach(() => {
      child?.kill('SIGKILL');
      child = undefined;
    });

    it('prints the first-run link, reloads a good config, keeps the old one on a bad edit, and stops on SIGTERM', async () => {
      const port = await freePort();
      const config = join(dir, 'gatehouse.yaml');
      const base = `listen: 127.0.0.1:${port}\nauthenticate_service_url: http://auth.localhost:${port}\ndata_dir: ./data\nssh: { listen: 127.0.0.1:0 }\nroutes:\n  - from: http://one.localhost:${port}\n    to: http://127.0.0.1:9\n    allow_public_unauthenticated_access: true\n`;
      await writeFile(config, base);
      const proc = spawn(process.execPath, [MAIN, 'serve', '--config', config], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      let stderr = '';
      let stdout = '';
      proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      await until(
        () => stderr,
        (s) => s.includes('Gatehouse is up'),
      );
      const link =
        /(http:\/\/auth\.localhost:\d+\/signin\/link\?token=[\w-]+)/.exec(stderr)?.[1] ?? '';
      expect(link).not.toBe('');
      // The link is for the operator's terminal only: never in the JSON log.
      expect(stdout).not.toContain(link);
      const url = new URL(link);
      expect((await get(port, url.host, `${url.pathname}${url.search}`)).status).toBe(200);
      expect((await get(port, `one.localhost:${port}`)).status).toBe(502);
      expect((await get(port, `two.localhost:${port}`)).status).toBe(404);

      await writeFile(
        config,
        `${base}  - from: http://two.localhost:${port}\n    to: http://127.0.0.1:9\n    allow_public_unauthenticated_access: true\n`,
      );
      await until(
        () => get(port, `two.localhost:${port}`),
        (r) => r.status === 502,
      );

      await writeFile(
        config,
        `${base}  - from: http://three.localhost:${port}\n    to: nonsense\n`,
      );
      await until(
        () => stdout,
        (s) => s.includes('config reload failed'),
      );
      expect((await get(port, `two.localhost:${port}`)).status).toBe(502);
      expect((await get(port, `three.localhost:${port}`)).status).toBe(404);

      proc.kill('SIGTERM');
      const code = await new Promise<number | null>((r) => proc.on('close', r));
      expect(code).toBe(0);
    }, 30_000);
  });
});
