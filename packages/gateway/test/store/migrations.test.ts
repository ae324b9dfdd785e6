import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openSqliteStore, openWithMigrations } from '../../src/store/sqlite/open.ts';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { manualClock, useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();

function appliedRows(file: string): unknown[] {
  const raw = new DatabaseSync(file);
  try {
    return raw.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY 1').all();
  } finally {
    raw.close();
  }
}

function tableExists(file: string, name: string): boolean {
  const raw = new DatabaseSync(file);
  try {
    return raw.prepare('SELECT 1 FROM sqlite_schema WHERE name = ?').get(name) !== undefined;
  } finally {
    raw.close();
  }
}

const latest = MIGRATIONS.at(-1)?.version ?? 0;

describe('sqlite migrations', () => {
  it('records every migration once and does not re-run them on reopen', async () => {
    const file = path.join(await tempDir(), 'g.db');
    await (await openSqliteStore(file, { clock: manualClock(111) })).close();
    const first = appliedRows(file);
    expect(first).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name, applied_at: 111 })),
    );
    // Migration 1 uses plain CREATE TABLE, so a re-run would fail the open.
    await (await openSqliteStore(file, { clock: manualClock(222) })).close();
    expect(appliedRows(file)).toEqual(first);
  });

  it('applies only an appended migration to an existing database, keeping data', async () => {
    const file = path.join(await tempDir(), 'g.db');
    const v1 = await openSqliteStore(file);
    await v1.records.put('k', 'kept', 'yes', null);
    await v1.close();
    const next = {
      version: latest + 1,
      name: 'add-widgets',
      sql: 'CREATE TABLE widgets (id TEXT)',
    };
    const v2 = await openWithMigrations(file, {}, [...MIGRATIONS, next]);
    expect(await v2.records.get('k', 'kept', 0)).toBe('yes');
    await v2.close();
    expect(tableExists(file, 'widgets')).toBe(true);
    expect(appliedRows(file).map((r) => (r as { version: number }).version)).toEqual([
      ...MIGRATIONS.map((m) => m.version),
      latest + 1,
    ]);
  });

  it('rolls back a failing migration entirely with ERR_STORE_MIGRATION', async () => {
    const file = path.join(await tempDir(), 'g.db');
    await (await openSqliteStore(file)).close();
    const broken = {
      version: latest + 1,
      name: 'broken',
      sql: 'CREATE TABLE half (id TEXT); INSERT INTO missing_table VALUES (1);',
    };
    await expect(openWithMigrations(file, {}, [...MIGRATIONS, broken])).rejects.toMatchObject({
      code: 'ERR_STORE_MIGRATION',
    });
    expect(tableExists(file, 'half')).toBe(false);
    expect(appliedRows(file)).toHaveLength(MIGRATIONS.length);
    // The shipped schema still opens.
    await (await openSqliteStore(file)).close();
  });

  it('refuses a database from a newer version with ERR_STORE_SCHEMA_TOO_NEW and leaves it alone', async () => {
    const file = path.join(await tempDir(), 'g.db');
    await (await openSqliteStore(file)).close();
    const raw = new DatabaseSync(file);
    raw.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(latest + 7, 'future', 1);
    raw.close();
    const before = appliedRows(file);
    await expect(openSqliteStore(file)).rejects.toMatchObject({
      code: 'ERR_STORE_SCHEMA_TOO_NEW',
    });
    expect(appliedRows(file)).toEqual(before);
  });

  it('refuses a migration list that is not strictly increasing', async () => {
    const file = path.join(await tempDir(), 'g.db');
    const dup = { version: latest, name: 'dup', sql: 'SELECT 1' };
    const error = await openWithMigrations(file, {}, [...MIGRATIONS, dup]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_STORE_OPEN' });
    expect(String((error as Error).cause)).toMatch(/strictly increasing/);
  });
});
