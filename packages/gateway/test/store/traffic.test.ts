import { describe, expect, it } from 'vitest';
import type { Store, TrafficRepository } from '@gatehouse/core';
import { storeAdapters } from './adapters.ts';

const adapters = storeAdapters();

function trafficOf(store: Store, adapter: string): TrafficRepository {
  if (store.traffic === undefined) throw new Error(`the ${adapter} store has a traffic repository`);
  return store.traffic;
}

// The traffic inspector's persistence (inspect_persist, issue 16) on both adapters.
describe.each(adapters)('$name traffic repository (inspect_persist)', (adapter) => {
  it('keeps only the newest N exchanges of a route, newest first, and survives a reopen', async () => {
    const location = await adapter.fresh();
    let store = await adapter.open(location);
    const traffic = trafficOf(store, adapter.name);
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
    store = await adapter.open(location);
    expect(await store.traffic?.routes()).toEqual(['other', 'tools']);
    expect((await store.traffic?.recent('tools', 2))?.map((e) => e.value)).toEqual([
      { n: 11 },
      { n: 10 },
    ]);
    await store.close();
  });

  it('orders exchanges of the same millisecond by first insertion, also after a re-append', async () => {
    const store = await adapter.open(await adapter.fresh());
    const traffic = trafficOf(store, adapter.name);
    for (const id of ['a', 'b', 'c']) {
      await traffic.append({ routeId: 'r', id, at: 7, value: { id } }, 3);
    }
    // Re-appending an id replaces its value in place: it is not a fourth exchange.
    await traffic.append({ routeId: 'r', id: 'a', at: 7, value: { id: 'a2' } }, 3);
    expect(await traffic.recent('r', 10)).toEqual([
      { routeId: 'r', id: 'c', at: 7, value: { id: 'c' } },
      { routeId: 'r', id: 'b', at: 7, value: { id: 'b' } },
      { routeId: 'r', id: 'a', at: 7, value: { id: 'a2' } },
    ]);
    // The trim drops the oldest of the tie, not an arbitrary one.
    await traffic.append({ routeId: 'r', id: 'd', at: 7, value: { id: 'd' } }, 3);
    expect((await traffic.recent('r', 10)).map((e) => e.id)).toEqual(['d', 'c', 'b']);
    await store.close();
  });

  it('keeps at most N per route while two nodes append to it at once', async () => {
    const location = await adapter.fresh();
    const nodes = [await adapter.open(location), await adapter.open(location)];
    const [a, b] = nodes.map((store) => trafficOf(store, adapter.name)) as [
      TrafficRepository,
      TrafficRepository,
    ];
    // Rounds of two simultaneous appends, counted after each: one round that leaves N + 1 rows
    // (each trim missing the other's uncommitted row) fails the test.
    const counts: number[] = [];
    for (let i = 0; i < 20; i++) {
      await Promise.all([
        a.append({ routeId: 'shared', id: `a${i}`, at: 100 + i, value: { i } }, 4),
        b.append({ routeId: 'shared', id: `b${i}`, at: 100 + i, value: { i } }, 4),
      ]);
      counts.push((await a.recent('shared', 100)).length);
    }
    expect(counts).toEqual([2, ...Array.from({ length: 19 }, () => 4)]);
    expect((await b.recent('shared', 100)).map((e) => e.at)).toEqual([119, 119, 118, 118]);
    await Promise.all(nodes.map((s) => s.close()));
  });
});
