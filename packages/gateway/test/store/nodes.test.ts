import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();
const writer = fileURLToPath(new URL('./fixtures/node-writer.ts', import.meta.url));

const node = (id: string, expiresAt: number, startedAt = 1) => ({
  id,
  internalAddress: `http://127.0.0.1:9/${id}`,
  startedAt,
  expiresAt,
});

describe('sqlite nodes repository', () => {
  it('reports a first or lapsed heartbeat as new, and lists only nodes whose lease runs', async () => {
    const store = await openSqliteStore(path.join(await tempDir(), 'g.db'));
    expect(await store.nodes.heartbeat(node('a', 100), 0)).toBe(false);
    expect(await store.nodes.heartbeat(node('a', 200), 50)).toBe(true);
    expect(await store.nodes.heartbeat(node('b', 150, 2), 50)).toBe(false);
    expect((await store.nodes.listLive(120)).map((n) => n.id)).toEqual(['a', 'b']);
    expect((await store.nodes.listLive(160)).map((n) => n.id)).toEqual(['a']);
    // b's lease ran out at 150: its next beat says so, so it claims its routes again.
    expect(await store.nodes.heartbeat(node('b', 300, 2), 160)).toBe(false);
    await store.close();
  });

  it('lists holders of a route only while their node lives, in claim order', async () => {
    const store = await openSqliteStore(path.join(await tempDir(), 'g.db'));
    await store.nodes.heartbeat(node('a', 100), 0);
    await store.nodes.heartbeat(node('b', 200), 0);
    await store.nodes.claimRoute({ routeKey: 'x', nodeId: 'b', connectionId: '1', claimedAt: 5 });
    await store.nodes.claimRoute({ routeKey: 'x', nodeId: 'a', connectionId: '2', claimedAt: 6 });
    await store.nodes.claimRoute({
      routeKey: 'x',
      nodeId: 'a',
      connectionId: '2',
      claimedAt: 7,
      localAddress: 'localhost:3000',
    });
    await store.nodes.claimRoute({ routeKey: 'y', nodeId: 'a', connectionId: '3', claimedAt: 8 });
    expect(await store.nodes.holdersOf('x', 50)).toEqual([
      {
        routeKey: 'x',
        nodeId: 'b',
        connectionId: '1',
        claimedAt: 5,
        internalAddress: 'http://127.0.0.1:9/b',
        expiresAt: 200,
      },
      {
        routeKey: 'x',
        nodeId: 'a',
        connectionId: '2',
        claimedAt: 6,
        localAddress: 'localhost:3000',
        internalAddress: 'http://127.0.0.1:9/a',
        expiresAt: 100,
      },
    ]);
    // a is dead at 150 (kill -9: nobody released anything), so only b serves x.
    expect((await store.nodes.holdersOf('x', 150)).map((h) => h.nodeId)).toEqual(['b']);
    expect((await store.nodes.listHolders(150)).map((h) => h.routeKey)).toEqual(['x']);
    expect(await store.nodes.releaseRoute('x', 'b', '1')).toBe(true);
    expect(await store.nodes.releaseRoute('x', 'b', '1')).toBe(false);
    expect(await store.nodes.holdersOf('x', 150)).toEqual([]);
    await store.close();
  });

  it('purges dead nodes with their holders, and remove() takes a node out at once', async () => {
    const store = await openSqliteStore(path.join(await tempDir(), 'g.db'));
    await store.nodes.heartbeat(node('a', 100), 0);
    await store.nodes.heartbeat(node('b', 200), 0);
    await store.nodes.claimRoute({ routeKey: 'x', nodeId: 'a', connectionId: '1', claimedAt: 1 });
    await store.nodes.claimRoute({ routeKey: 'x', nodeId: 'b', connectionId: '2', claimedAt: 2 });
    // A holder claimed for a node that never beat reads as absent and is purged.
    await store.nodes.claimRoute({ routeKey: 'x', nodeId: 'z', connectionId: '3', claimedAt: 3 });
    expect(await store.nodes.purgeExpired(150)).toBe(3);
    // a beats again after the purge: it learns it must claim its routes again.
    expect(await store.nodes.heartbeat(node('a', 400), 160)).toBe(false);
    expect((await store.nodes.holdersOf('x', 160)).map((h) => h.nodeId)).toEqual(['b']);
    await store.nodes.remove('b');
    expect(await store.nodes.holdersOf('x', 160)).toEqual([]);
    expect((await store.nodes.listLive(160)).map((n) => n.id)).toEqual(['a']);
    await store.close();
  });

  it('lets several processes open one new file at once and write nodes and holders concurrently', async () => {
    const file = path.join(await tempDir(), 'g.db');
    const rounds = 150;
    const ids = ['p1', 'p2', 'p3'];
    const children = ids.map((id) =>
      spawn(process.execPath, [writer, file, id, String(rounds)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const results = await Promise.all(
      children.map(async (child) => {
        let out = '';
        let err = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
        child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
        const [code] = (await once(child, 'exit')) as [number | null];
        return { code, out, err };
      }),
    );
    expect(results).toEqual(ids.map(() => ({ code: 0, out: 'done\n', err: '' })));
    const store = await openSqliteStore(file);
    const now = Date.now();
    expect((await store.nodes.listLive(now)).map((n) => n.id).toSorted()).toEqual(ids);
    // Each process released every even-numbered claim: 75 remain per process.
    expect((await store.nodes.listHolders(now)).length).toBe(3 * (rounds / 2));
    await store.close();
  }, 60_000);
});
