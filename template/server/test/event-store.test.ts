import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../src/mcp/event-store.ts';

const note = (n: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/progress',
  params: { n },
});

async function replay(store: InMemoryEventStore, after: string) {
  const sent: [string, JSONRPCMessage][] = [];
  const stream = await store.replayEventsAfter(after, {
    send: (id, message) => {
      sent.push([id, message]);
      return Promise.resolve();
    },
  });
  return { stream, sent };
}

describe('InMemoryEventStore (Last-Event-ID resumability)', () => {
  it('replays only later events of the disconnected stream, in order', async () => {
    const store = new InMemoryEventStore();
    const a1 = await store.storeEvent('a', note(1));
    await store.storeEvent('b', note(2));
    const a3 = await store.storeEvent('a', note(3));
    const a4 = await store.storeEvent('a', note(4));
    const { stream, sent } = await replay(store, a1);
    expect(stream).toBe('a');
    expect(sent).toEqual([
      [a3, note(3)],
      [a4, note(4)],
    ]);
    expect(await store.getStreamIdForEventId(a3)).toBe('a');
  });

  it('issues unique ids', async () => {
    const store = new InMemoryEventStore();
    const ids = await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.storeEvent('s', note(i))),
    );
    expect(new Set(ids).size).toBe(100);
  });

  it('forgets the oldest events beyond its bound and refuses an unknown id', async () => {
    const store = new InMemoryEventStore(3);
    const first = await store.storeEvent('s', note(1));
    for (let i = 2; i <= 4; i++) await store.storeEvent('s', note(i));
    expect(await store.getStreamIdForEventId(first)).toBeUndefined();
    await expect(replay(store, first)).rejects.toThrow(/Unknown or expired/);
    await expect(replay(store, 'made-up')).rejects.toThrow(/Unknown or expired/);
  });
});
