import { describe, expect, it } from 'vitest';
import { CHANGE_TOPICS, type Store } from '@gatehouse/core';
import { storeAdapters } from './adapters.ts';

const adapters = storeAdapters();

/** Resolves with the payloads of `topic` on `store` once `count` have arrived. */
function collect(store: Store, topic: string, count: number): Promise<string[]> {
  const got: string[] = [];
  return new Promise((resolve) => {
    const stop = store.changes.subscribe(topic, (payload) => {
      got.push(payload);
      if (got.length === count) {
        stop();
        resolve(got);
      }
    });
  });
}

describe.each(adapters)('$name change notification', (adapter) => {
  it('delivers a published change to subscribers on this and another store of one database', async () => {
    const location = await adapter.fresh();
    const [a, b] = [await adapter.open(location), await adapter.open(location)];
    const onA = collect(a, 'test-topic', 2);
    const onB = collect(b, 'test-topic', 2);
    const otherTopic: string[] = [];
    b.changes.subscribe('other-topic', (p) => otherTopic.push(p));
    await a.changes.publish('test-topic', 'one');
    await b.changes.publish('test-topic', 'two');
    expect((await onA).toSorted()).toEqual(['one', 'two']);
    expect((await onB).toSorted()).toEqual(['one', 'two']);
    expect(otherTopic).toEqual([]);
    await a.close();
    await b.close();
  });

  it('publishes revocations, account changes, ended sessions and key bindings from the writes themselves', async () => {
    const location = await adapter.fresh();
    const [writer, reader] = [await adapter.open(location), await adapter.open(location)];
    const expected = {
      [CHANGE_TOPICS.grantRevoked]: collect(reader, CHANGE_TOPICS.grantRevoked, 1),
      [CHANGE_TOPICS.accountChanged]: collect(reader, CHANGE_TOPICS.accountChanged, 1),
      [CHANGE_TOPICS.sessionEnded]: collect(reader, CHANGE_TOPICS.sessionEnded, 1),
      [CHANGE_TOPICS.userSessionsEnded]: collect(reader, CHANGE_TOPICS.userSessionsEnded, 1),
      [CHANGE_TOPICS.keyBindingAdded]: collect(reader, CHANGE_TOPICS.keyBindingAdded, 1),
      [CHANGE_TOPICS.keyBindingRemoved]: collect(reader, CHANGE_TOPICS.keyBindingRemoved, 1),
    };
    await writer.oauth.revokeByGrantId('grant-1');
    const account = await writer.accounts.create({ email: 'ada@example.com' });
    await writer.accounts.update(account.id, { disabled: true });
    const session = {
      userId: account.id,
      email: null,
      name: null,
      groups: [],
      claims: {},
      idp: 'builtin',
      createdAt: 1,
      lastSeenAt: 1,
      expiresAt: Number.MAX_SAFE_INTEGER,
      ip: null,
      userAgent: null,
    };
    await writer.sessions.create({ ...session, id: 's1' });
    await writer.sessions.create({ ...session, id: 's2' });
    expect(await writer.sessions.delete('s1')).toBe(true);
    expect(await writer.sessions.deleteByUser(account.id)).toBe(1);
    await writer.tunnels.putBinding({
      fingerprint: 'SHA256:k',
      accountId: account.id,
      publicKey: 'ssh-ed25519 AAAA',
      remember: true,
      createdAt: 1,
      lastUsedAt: 1,
      expiresAt: null,
    });
    expect(await writer.tunnels.deleteBinding('SHA256:k')).toBe(true);

    expect(await expected[CHANGE_TOPICS.grantRevoked]).toEqual(['grant-1']);
    expect(await expected[CHANGE_TOPICS.accountChanged]).toEqual([account.id]);
    expect(await expected[CHANGE_TOPICS.sessionEnded]).toEqual(['s1']);
    expect(await expected[CHANGE_TOPICS.userSessionsEnded]).toEqual([account.id]);
    expect(await expected[CHANGE_TOPICS.keyBindingAdded]).toEqual(['SHA256:k']);
    expect(await expected[CHANGE_TOPICS.keyBindingRemoved]).toEqual(['SHA256:k']);
    await writer.close();
    await reader.close();
  });

  it('delivers each change once even when many arrive together', async () => {
    const location = await adapter.fresh();
    const [a, b] = [await adapter.open(location), await adapter.open(location)];
    const payloads = Array.from({ length: 50 }, (_, i) => `p${i}`);
    const onB = collect(b, 'burst', payloads.length);
    await Promise.all(payloads.map((p) => a.changes.publish('burst', p)));
    expect((await onB).toSorted()).toEqual(payloads.toSorted());
    await a.close();
    await b.close();
  });
});
