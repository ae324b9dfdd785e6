import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();

describe('sqlite store restart', () => {
  it('keeps accounts, sessions and records across close and reopen', async () => {
    const file = path.join(await tempDir(), 'g.db');
    const first = await openSqliteStore(file);
    const account = await first.accounts.create({ email: 'ada@example.com', groups: ['ops'] });
    const session = {
      id: 'sess',
      userId: account.id,
      email: account.email,
      name: null,
      groups: ['ops'],
      claims: { amr: ['pwd'] },
      idp: 'builtin',
      createdAt: 1,
      lastSeenAt: 2,
      expiresAt: Date.now() + 3_600_000,
      ip: null,
      userAgent: null,
    };
    await first.sessions.create(session);
    await first.records.put('link', 'one', { to: account.id }, null);
    await first.records.increment('rl', 'ip', 0, Date.now() + 3_600_000);
    await first.close();

    const second = await openSqliteStore(file);
    expect(await second.accounts.findByEmail('ADA@example.com')).toEqual(account);
    expect(await second.sessions.get('sess')).toEqual(session);
    expect(await second.records.consume('link', 'one', 0)).toEqual({ to: account.id });
    expect(await second.records.increment('rl', 'ip', 1, Date.now() + 3_600_000)).toBe(2);
    await second.close();
  });
});
