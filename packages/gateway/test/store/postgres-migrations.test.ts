import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '@gatehouse/testing/postgres';
import { openPostgresStore, openPostgresWithMigrations } from '../../src/store/postgres/open.ts';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.ts';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { manualClock } from './temp-dir.ts';

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

const applied = (url: string) =>
  query(url, 'SELECT version, name FROM schema_migrations ORDER BY version');
const latest = POSTGRES_MIGRATIONS.at(-1)?.version ?? 0;

describe('postgres migrations', () => {
  it('have the same versions and names as the SQLite ones', () => {
    expect(POSTGRES_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(
      MIGRATIONS.map((m) => [m.version, m.name]),
    );
  });

  it('run once when four nodes open an empty database at the same moment (advisory lock)', async () => {
    const url = await createTestDatabase();
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => openPostgresStore(url, { poolSize: 2 })),
    );
    expect(await applied(url)).toEqual(
      POSTGRES_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
    await stores[0]?.accounts.create({ email: 'ada@example.com' });
    expect(await stores[3]?.accounts.count()).toBe(1);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('apply only an appended migration on reopen, keeping data', async () => {
    const url = await createTestDatabase();
    const v1 = await openPostgresStore(url, { clock: manualClock(1) });
    await v1.records.put('k', 'kept', 'yes', null);
    await v1.close();
    const next = {
      version: latest + 1,
      name: 'add-widgets',
      sql: 'CREATE TABLE widgets (id TEXT)',
    };
    const v2 = await openPostgresWithMigrations(url, {}, [...POSTGRES_MIGRATIONS, next]);
    expect(await v2.records.get('k', 'kept', 0)).toBe('yes');
    await v2.close();
    expect((await applied(url)).map((r) => r['version'])).toEqual([
      ...POSTGRES_MIGRATIONS.map((m) => m.version),
      latest + 1,
    ]);
  });

  it('roll a failing migration back whole and refuse to open with ERR_STORE_MIGRATION', async () => {
    const url = await createTestDatabase();
    await (await openPostgresStore(url)).close();
    const broken = {
      version: latest + 1,
      name: 'half-done',
      sql: 'CREATE TABLE half (id TEXT); SELECT no_such_function();',
    };
    await expect(
      openPostgresWithMigrations(url, {}, [...POSTGRES_MIGRATIONS, broken]),
    ).rejects.toMatchObject({
      code: 'ERR_STORE_MIGRATION',
      message: expect.stringContaining('half-done') as unknown,
    });
    expect(await query(url, "SELECT 1 FROM pg_tables WHERE tablename = 'half'")).toEqual([]);
    expect((await applied(url)).map((r) => r['version'])).not.toContain(latest + 1);
  });

  it('refuse a database written by a newer Gatehouse with ERR_STORE_SCHEMA_TOO_NEW', async () => {
    const url = await createTestDatabase();
    await (await openPostgresStore(url)).close();
    await query(
      url,
      `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${latest + 5}, 'future', 0)`,
    );
    await expect(openPostgresStore(url)).rejects.toMatchObject({
      code: 'ERR_STORE_SCHEMA_TOO_NEW',
    });
  });

  it('refuse an unreachable server with ERR_STORE_OPEN naming the URL without its password', async () => {
    const url = 'postgres://gatehouse:s3cret-pw@127.0.0.1:1/gatehouse?sslpassword=also-secret';
    const error = (await openPostgresStore(url, { connectTimeoutMs: 2_000 }).catch(
      (e: unknown) => e,
    )) as Error & { code: string };
    expect(error.code).toBe('ERR_STORE_OPEN');
    expect(error.message).toContain('postgres://gatehouse@127.0.0.1:1/gatehouse');
    expect(error.message).not.toContain('s3cret-pw');
    expect(error.message).not.toContain('also-secret');
  });
});
