import { describe, expect, it } from 'vitest';
import { openFresh, storeAdapters } from './adapters.ts';

const adapters = storeAdapters();

const node = (id: string, expiresAt: number, startedAt = 1) => ({
  id,
  internalAddress: `http://127.0.0.1:9/${id}`,
  startedAt,
  expiresAt,
});

// The nodes repository (cluster branch, SQLite in nodes.test.ts) on both adapters.
describe.each(adapters)('$name nodes repository (contract)', (adapter) => {
  it('leases, holders and purge behave the same on both adapters', async () => {
    const store = await openFresh(adapter);
    expect(await store.nodes.heartbeat(node('a', 100), 0)).toBe(false);
    expect(await store.nodes.heartbeat(node('a', 200), 50)).toBe(true);
    expect(await store.nodes.heartbeat(node('b', 150, 2), 50)).toBe(false);
    expect((await store.nodes.listLive(120)).map((n) => n.id)).toEqual(['a', 'b']);
    await store.nodes.claimRoute({ routeKey: 'x', nodeId: 'b', connectionId: '1', claimedAt: 5 });
    await store.nodes.claimRoute({ routeKey: 'x', nodeId: 'a', connectionId: '2', claimedAt: 6 });
    await store.nodes.claimRoute({
      routeKey: 'x',
      nodeId: 'a',
      connectionId: '2',
      claimedAt: 7,
      localAddress: 'localhost:3000',
    });
    expect(await store.nodes.holdersOf('x', 120)).toEqual([
      {
        routeKey: 'x',
        nodeId: 'b',
        connectionId: '1',
        claimedAt: 5,
        internalAddress: 'http://127.0.0.1:9/b',
        expiresAt: 150,
      },
      {
        routeKey: 'x',
        nodeId: 'a',
        connectionId: '2',
        claimedAt: 6,
        localAddress: 'localhost:3000',
        internalAddress: 'http://127.0.0.1:9/a',
        expiresAt: 200,
      },
    ]);
    // b's lease ran out at 150 (kill -9: nobody released anything).
    expect((await store.nodes.holdersOf('x', 160)).map((h) => h.nodeId)).toEqual(['a']);
    expect(await store.nodes.purgeExpired(160)).toBe(2);
    expect(await store.nodes.heartbeat(node('b', 300, 2), 160)).toBe(false);
    expect(await store.nodes.releaseRoute('x', 'a', '2')).toBe(true);
    expect(await store.nodes.releaseRoute('x', 'a', '2')).toBe(false);
    await store.nodes.claimRoute({ routeKey: 'y', nodeId: 'b', connectionId: '3', claimedAt: 9 });
    await store.nodes.remove('b');
    expect(await store.nodes.listHolders(160)).toEqual([]);
    expect((await store.nodes.listLive(160)).map((n) => n.id)).toEqual(['a']);
    await store.close();
  });

  it('of two stores beating for one node at once, exactly one sees a new lease', async () => {
    const location = await adapter.fresh();
    const [a, b] = [await adapter.open(location), await adapter.open(location)];
    for (let i = 0; i < 10; i++) {
      const got = await Promise.all([
        a.nodes.heartbeat(node(`n${i}`, 1_000), 0),
        b.nodes.heartbeat(node(`n${i}`, 1_000), 0),
      ]);
      expect(got.toSorted()).toEqual([false, true]);
    }
    await a.close();
    await b.close();
  });
});
