import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { createTestDatabase } from '@gatehouse/testing/postgres';
import { openPostgresStore } from '@gatehouse/gateway';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function cli(args: string[], stdin = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(stdin);
  });
}

// `gatehouse users` works on the configured store: with store.postgres, the accounts are in
// PostgreSQL (where every node sees them), not in a SQLite file in data_dir.
it('users add and disable write to the PostgreSQL store of the config', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-users-pg-'));
  try {
    const url = await createTestDatabase();
    const config = join(dir, 'gatehouse.yaml');
    await writeFile(config, `data_dir: ${dir}/data\nstore: { postgres: { url: "${url}" } }\n`);
    const add = await cli(
      ['users', 'add', 'ada@example.com', '--password-stdin', '--config', config],
      'a long enough password\n',
    );
    expect(add).toMatchObject({
      code: 0,
      out: expect.stringContaining('Added ada@example.com') as unknown,
    });
    expect((await cli(['users', 'disable', 'ada@example.com', '--config', config])).code).toBe(0);
    const store = await openPostgresStore(url);
    expect(await store.accounts.findByEmail('ada@example.com')).toMatchObject({ disabled: true });
    await store.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
