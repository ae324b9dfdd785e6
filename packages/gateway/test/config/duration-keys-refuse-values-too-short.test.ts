import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configFromText } from '../../src/config/index.ts';
import { errorLines } from './support.ts';

// Issue 13, defect 7: `access_token_ttl: 0` (or `5`, which is 5 ms) gave tokens that die at
// once. Every duration key has a floor; route timeouts keep `0` = no limit.
const OAUTH = (body: string) => `oauth:\n${body}`;
const ROUTE = (extra: string) =>
  `routes:\n  - from: http://app.localhost:8787\n    to: http://127.0.0.1:3000\n${extra}`;

describe('duration keys refuse values too short to work', () => {
  it.each([
    [
      OAUTH('  access_token_ttl: 0\n'),
      'gatehouse.yaml: oauth.access_token_ttl: must be at least 1m, got 0s (a shorter token expires before a client can use it; a plain number is milliseconds)',
    ],
    [
      OAUTH('  access_token_ttl: 500ms\n'),
      'gatehouse.yaml: oauth.access_token_ttl: must be at least 1m, got 500ms (a shorter token expires before a client can use it; a plain number is milliseconds)',
    ],
    [
      OAUTH('  access_token_ttl: 59s\n'),
      'gatehouse.yaml: oauth.access_token_ttl: must be at least 1m, got 59s (a shorter token expires before a client can use it; a plain number is milliseconds)',
    ],
    [
      OAUTH('  refresh_token_ttl: 0\n'),
      'gatehouse.yaml: oauth.refresh_token_ttl: must be at least 5m, got 0s (a shorter one sends users back to sign-in every few minutes; a plain number is milliseconds)',
    ],
    [
      OAUTH('  refresh_token_ttl: 0.5s\n'),
      'gatehouse.yaml: oauth.refresh_token_ttl: must be at least 5m, got 500ms (a shorter one sends users back to sign-in every few minutes; a plain number is milliseconds)',
    ],
    [
      OAUTH('  access_token_ttl: 1h\n  refresh_token_ttl: 30m\n'),
      'gatehouse.yaml: oauth.refresh_token_ttl: must be at least access_token_ttl (1h), got 30m: a refresh token must outlive the access token it renews',
    ],
    [
      OAUTH('  registration_ttl: 10m\n'),
      'gatehouse.yaml: oauth.registration_ttl: must be at least 1h, got 10m (a shorter one deletes clients between sign-in and their next use; a plain number is milliseconds)',
    ],
    [
      'session:\n  lifetime: 60\n',
      'gatehouse.yaml: session.lifetime: must be at least 5m, got 60ms (a shorter session ends before a sign-in completes; a plain number is milliseconds)',
    ],
    [
      'session:\n  idle_timeout: 0\n',
      'gatehouse.yaml: session.idle_timeout: must be at least 5m, got 0s (a shorter one signs people out while they read a page; a plain number is milliseconds)',
    ],
    [
      ROUTE('    timeout: 30\n'),
      'gatehouse.yaml: routes[0].timeout: must be 0 (no limit) or at least 1s, got 30ms (a shorter one fails every request; a plain number is milliseconds)',
    ],
    [
      ROUTE('    idle_timeout: 999ms\n'),
      'gatehouse.yaml: routes[0].idle_timeout: must be 0 (no limit) or at least 1s, got 999ms (a shorter one cuts connections mid-request; a plain number is milliseconds)',
    ],
  ])('%s', (text, expected) => {
    expect(errorLines(text)).toEqual([expected]);
  });

  it('accepts the minimums themselves, and 0 = no limit for route timeouts', () => {
    const config = configFromText(
      `${OAUTH('  access_token_ttl: 1m\n  refresh_token_ttl: 5m\n  registration_ttl: 1h\n')}` +
        'session:\n  lifetime: 5m\n  idle_timeout: 300000\n' +
        ROUTE('    timeout: 0\n    idle_timeout: 1s\n'),
      '/srv/gatehouse.yaml',
    );
    expect(config.oauth.accessTokenTtlMs).toBe(60_000);
    expect(config.oauth.refreshTokenTtlMs).toBe(300_000);
    expect(config.routes[0]?.timeoutMs).toBe(0);
    expect(config.routes[0]?.idleTimeoutMs).toBe(1_000);
  });
});

describe('gatehouse serve with an access_token_ttl of 0', () => {
  it('exits 1 naming the key, and writes nothing', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-ttl-'));
    try {
      await writeFile(
        join(dir, 'gatehouse.yaml'),
        'listen: 127.0.0.1:0\nssh: { enabled: false }\noauth:\n  access_token_ttl: 0\n',
      );
      const main = fileURLToPath(new URL('../../../cli/src/main.ts', import.meta.url));
      const child = spawn(process.execPath, [main, 'serve', '--config', 'gatehouse.yaml'], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain('oauth.access_token_ttl: must be at least 1m, got 0s');
      expect(await readdir(dir)).toEqual(['gatehouse.yaml']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
