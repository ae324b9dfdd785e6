import { describe, expect, it } from 'vitest';
import { parseConfigText, resolveConfig } from '../../src/config/index.ts';
import { errorLines } from './support.ts';

const resolve = (text: string) =>
  resolveConfig(parseConfigText(text, 'gatehouse.yaml'), {
    baseDir: '/srv',
    source: 'gatehouse.yaml',
  });

describe('the store key', () => {
  it('defaults to SQLite in data_dir', () => {
    expect(resolve('data_dir: ./var\n').store).toEqual({
      kind: 'sqlite',
      file: '/srv/var/gatehouse.db',
    });
  });

  it('selects PostgreSQL with a pool size (default 10)', () => {
    expect(resolve('store: { postgres: { url: "postgres://gh@db:5432/gh" } }\n').store).toEqual({
      kind: 'postgres',
      url: 'postgres://gh@db:5432/gh',
      poolSize: 10,
    });
    expect(
      resolve('store: { postgres: { url: "postgresql://gh@db/gh", pool_size: 4 } }\n').store,
    ).toMatchObject({ poolSize: 4 });
  });

  it('refuses a URL of another scheme without echoing it (it may hold a password)', () => {
    const lines = errorLines('store: { postgres: { url: "mysql://u:hunter2@db/gh" } }\n');
    expect(lines.join('\n')).toContain(
      'store.postgres.url: must be a postgres:// or postgresql:// URL, e.g. postgres://db.example:5432/gatehouse',
    );
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  it('refuses an unknown key under store.postgres by name', () => {
    expect(
      errorLines('store: { postgres: { url: "postgres://db/gh", pool: 3 } }\n').join('\n'),
    ).toContain('store.postgres: unknown key "pool"');
  });
});
