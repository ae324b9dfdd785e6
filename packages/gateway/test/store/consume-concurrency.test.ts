import { describe, expect, it } from 'vitest';
import { storeAdapters } from './adapters.ts';
import { raceConsumers } from './race.ts';

const adapters = storeAdapters();

describe.each(adapters)('$name records.consume concurrency', (adapter) => {
  it('hands each record to exactly one of 8 worker threads racing on separate connections', async () => {
    const location = await adapter.fresh();
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
    const setup = await adapter.open(location);
    for (const key of keys) await setup.records.put('once', key, key, null);
    await setup.close();

    const got = (await raceConsumers(adapter, location, 'records', keys, 8)).flat();

    expect(got.toSorted()).toEqual(keys.toSorted());
  }, 60_000);

  it('of two concurrent consumes of one record on two stores, exactly one wins', async () => {
    const location = await adapter.fresh();
    const [a, b] = [await adapter.open(location), await adapter.open(location)];
    for (let i = 0; i < 20; i++) {
      await a.records.put('once', `k${i}`, i, null);
      const results = await Promise.all([
        a.records.consume('once', `k${i}`, 0),
        b.records.consume('once', `k${i}`, 0),
      ]);
      expect(results.filter((r) => r !== undefined)).toEqual([i]);
    }
    await a.close();
    await b.close();
  });
});
