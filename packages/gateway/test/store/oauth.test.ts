import { describe, expect, it } from 'vitest';
import type { Store } from '@gatehouse/core';
import { REVOCATION_RETENTION_MS } from '../../src/store/sqlite/oauth.ts';
import { openFresh, storeAdapters } from './adapters.ts';
import { raceConsumers } from './race.ts';
import { manualClock, type ManualClock } from './temp-dir.ts';

const adapters = storeAdapters();

describe.each(adapters)('$name oauth entries', (adapter) => {
  const open = (clock: ManualClock = manualClock(1_000_000)): Promise<Store> =>
    openFresh(adapter, clock);

  it('upserts, finds and replaces payloads by (model, id); models do not collide', async () => {
    const store = await open();
    await store.oauth.upsert('Client', 'c1', { client_id: 'c1', redirect_uris: ['x'] }, null);
    await store.oauth.upsert('Grant', 'c1', { jti: 'c1', accountId: 'a' }, null);
    expect(await store.oauth.find('Client', 'c1')).toEqual({
      client_id: 'c1',
      redirect_uris: ['x'],
    });
    await store.oauth.upsert('Client', 'c1', { client_id: 'c1', v: 2 }, null);
    expect(await store.oauth.find('Client', 'c1')).toEqual({ client_id: 'c1', v: 2 });
    expect(await store.oauth.find('Grant', 'c1')).toEqual({ jti: 'c1', accountId: 'a' });
    expect(await store.oauth.find('Client', 'nope')).toBeUndefined();
    await store.oauth.destroy('Client', 'c1');
    expect(await store.oauth.find('Client', 'c1')).toBeUndefined();
    await store.close();
  });

  it('reads an entry as absent from its expiry on, and purgeExpired deletes it', async () => {
    const clock = manualClock(1_000);
    const store = await open(clock);
    await store.oauth.upsert('Session', 's', { uid: 'u1', accountId: 'a' }, 2_000);
    expect(await store.oauth.findByUid('Session', 'u1')).toEqual({ uid: 'u1', accountId: 'a' });
    clock.set(2_000);
    expect(await store.oauth.find('Session', 's')).toBeUndefined();
    expect(await store.oauth.findByUid('Session', 'u1')).toBeUndefined();
    expect(await store.oauth.listByAccount('Session', 'a')).toEqual([]);
    expect(await store.oauth.purgeExpired(2_000)).toBe(1);
    await store.close();
  });

  it('finds by uid and user code within the model only', async () => {
    const store = await open();
    await store.oauth.upsert('Interaction', 'i1', { uid: 'u', kind: 'Interaction' }, null);
    await store.oauth.upsert('DeviceCode', 'd1', { userCode: 'ABCD' }, null);
    expect(await store.oauth.findByUid('Interaction', 'u')).toMatchObject({ kind: 'Interaction' });
    expect(await store.oauth.findByUid('Session', 'u')).toBeUndefined();
    expect(await store.oauth.findByUserCode('DeviceCode', 'ABCD')).toEqual({ userCode: 'ABCD' });
    expect(await store.oauth.findByUserCode('DeviceCode', 'abcd')).toBeUndefined();
    await store.close();
  });

  it('consume marks the entry consumed (epoch seconds) for the first caller only', async () => {
    const clock = manualClock(1_700_000_000_500);
    const store = await open(clock);
    await store.oauth.upsert('AuthorizationCode', 'code', { grantId: 'g' }, null);
    expect(await store.oauth.consume('AuthorizationCode', 'code')).toBe(true);
    expect(await store.oauth.consume('AuthorizationCode', 'code')).toBe(false);
    expect(await store.oauth.find('AuthorizationCode', 'code')).toEqual({
      grantId: 'g',
      consumed: 1_700_000_000,
    });
    expect(await store.oauth.consume('AuthorizationCode', 'missing')).toBe(false);
    await store.close();
  });

  it('B10: hands each code to exactly one of 6 worker threads racing on separate connections', async () => {
    const location = await adapter.fresh();
    const ids = Array.from({ length: 60 }, (_, i) => `code-${i}`);
    const setup = await adapter.open(location);
    for (const id of ids) await setup.oauth.upsert('AuthorizationCode', id, { grantId: id }, null);
    await setup.close();

    const won = (await raceConsumers(adapter, location, 'oauth', ids, 6)).flat();
    expect(won.toSorted()).toEqual(ids.toSorted());
  }, 60_000);

  it('revokeByGrantId deletes every entry of the grant and the grant, and records the revocation', async () => {
    const clock = manualClock(5_000);
    const store = await open(clock);
    await store.oauth.upsert('Grant', 'g1', { jti: 'g1', accountId: 'a' }, null);
    await store.oauth.upsert('RefreshToken', 'rt1', { grantId: 'g1', accountId: 'a' }, null);
    await store.oauth.upsert('AuthorizationCode', 'c1', { grantId: 'g1' }, null);
    await store.oauth.upsert('RefreshToken', 'rt2', { grantId: 'g2', accountId: 'a' }, null);
    await store.oauth.revokeByGrantId('g1');
    clock.set(6_000);
    await store.oauth.revokeByGrantId('g1'); // idempotent: keeps the first time
    expect(await store.oauth.find('Grant', 'g1')).toBeUndefined();
    expect(await store.oauth.find('RefreshToken', 'rt1')).toBeUndefined();
    expect(await store.oauth.find('AuthorizationCode', 'c1')).toBeUndefined();
    expect(await store.oauth.find('RefreshToken', 'rt2')).toEqual({
      grantId: 'g2',
      accountId: 'a',
    });
    expect(await store.oauth.revokedGrantsSince(5_000)).toEqual([
      { grantId: 'g1', revokedAt: 5_000 },
    ]);
    expect(await store.oauth.revokedGrantsSince(5_001)).toEqual([]);
    await store.close();
  });

  it('keeps revocations for the retention period, then purges them', async () => {
    const clock = manualClock(10_000);
    const store = await open(clock);
    await store.oauth.revokeByGrantId('g');
    expect(await store.oauth.purgeExpired(10_000 + REVOCATION_RETENTION_MS)).toBe(0);
    expect(await store.oauth.revokedGrantsSince(0)).toHaveLength(1);
    expect(await store.oauth.purgeExpired(10_001 + REVOCATION_RETENTION_MS)).toBe(1);
    expect(await store.oauth.revokedGrantsSince(0)).toEqual([]);
    await store.close();
  });

  it('lists live entries of a model by account', async () => {
    const store = await open();
    await store.oauth.upsert('Grant', 'g1', { jti: 'g1', accountId: 'a', clientId: 'x' }, null);
    await store.oauth.upsert('Grant', 'g2', { jti: 'g2', accountId: 'b', clientId: 'x' }, null);
    await store.oauth.upsert('Grant', 'g3', { jti: 'g3', accountId: 'a', clientId: 'y' }, null);
    await store.oauth.upsert('Session', 's', { accountId: 'a' }, null);
    const grants = await store.oauth.listByAccount('Grant', 'a');
    expect(grants.map((g) => g['jti'])).toEqual(['g1', 'g3']);
    await store.close();
  });

  it('keeps payloads across a reopen and refuses a non-JSON payload with ERR_STORE_INVALID', async () => {
    const location = await adapter.fresh();
    const first = await adapter.open(location);
    await first.oauth.upsert('Client', 'c', { client_id: 'c' }, null);
    await expect(first.oauth.upsert('Client', 'd', { n: 1n }, null)).rejects.toMatchObject({
      code: 'ERR_STORE_INVALID',
    });
    await first.close();
    const second = await adapter.open(location);
    expect(await second.oauth.find('Client', 'c')).toEqual({ client_id: 'c' });
    expect(await second.oauth.find('Client', 'd')).toBeUndefined();
    await second.close();
    await expect(second.oauth.find('Client', 'c')).rejects.toMatchObject({
      code: 'ERR_STORE_CLOSED',
    });
  });
});
