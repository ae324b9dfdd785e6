import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@gatehouse/core';
import { openSqliteStore } from '../../src/store/index.ts';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-traffic-'));
  store = await openSqliteStore(join(dir, 'gatehouse.db'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('traffic repository (inspect_persist)', () => {
  it('keeps only the newest N exchanges of a route, newest first, and survives a reopen', async () => {
    const traffic = store.traffic;
    if (traffic === undefined) throw new Error('the SQLite store has a traffic repository');
    for (let i = 0; i < 12; i++) {
      await traffic.append({ routeId: 'tools', id: `e${i}`, at: 1000 + i, value: { n: i } }, 5);
    }
    await traffic.append({ routeId: 'other', id: 'x', at: 1, value: { n: -1 } }, 5);
    expect((await traffic.recent('tools', 100)).map((e) => e.id)).toEqual([
      'e11',
      'e10',
      'e9',
      'e8',
      'e7',
    ]);
    await store.close();
    store = await openSqliteStore(join(dir, 'gatehouse.db'));
    expect(await store.traffic?.routes()).toEqual(['other', 'tools']);
    expect((await store.traffic?.recent('tools', 2))?.map((e) => e.value)).toEqual([
      { n: 11 },
      { n: 10 },
    ]);
  });
});
