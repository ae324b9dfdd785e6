import { describe, expect, it } from 'vitest';
import { silentLogger, type RecordPut, type RecordRepository, type Store } from '@gatehouse/core';
import { AUDIT_KIND, createAuditLog, type AuditRecord } from '../../src/mcp/audit.ts';
import { openFresh, storeAdapters } from '../store/adapters.ts';

const adapters = storeAdapters();
const AT = 1_767_225_600_000;
const clock = { now: () => AT };

const record = (i: number, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  requestId: `req-${i}`,
  user: 'ada@example.com',
  client: 'client-1',
  route: 'mcp',
  method: 'tools/call',
  tool: 'echo',
  outcome: 'allow',
  reasons: ['ok'],
  ...extra,
});
const keyOf = (i: number) => `${String(AT).padStart(15, '0')}:req-${i}`;

/** The real repository, counting the size of each transaction the audit log asks for. */
function counted(records: RecordRepository): { records: RecordRepository; batches: number[] } {
  const batches: number[] = [];
  return {
    batches,
    records: {
      ...records,
      putMany: (many: readonly RecordPut[]) => {
        batches.push(many.length);
        return records.putMany(many);
      },
    },
  };
}

async function stored(store: Store, count: number): Promise<number> {
  let found = 0;
  for (let i = 0; i < count; i++)
    if ((await store.records.get(AUDIT_KIND, keyOf(i), AT)) !== undefined) found += 1;
  return found;
}

describe.each(adapters)('$name: audit records written in batches', (adapter) => {
  it('commits the calls of one moment in one transaction, and every one of them', async () => {
    const store = await openFresh(adapter);
    const { records, batches } = counted(store.records);
    const audit = createAuditLog({ records, logger: silentLogger, clock });
    await Promise.all(Array.from({ length: 40 }, (_, i) => audit.write(record(i))));
    expect(batches.reduce((a, b) => a + b, 0)).toBe(40);
    expect(batches.length).toBeLessThan(40);
    expect(await stored(store, 40)).toBe(40);
    // A call alone is committed at once, on its own.
    await audit.write(record(40));
    expect(batches.at(-1)).toBe(1);
    await audit.close();
    await store.close();
  });

  it('loses nothing at shutdown: close() commits what is queued before the store closes', async () => {
    const location = await adapter.fresh();
    const store = await adapter.open(location);
    const audit = createAuditLog({ records: store.records, logger: silentLogger, clock });
    const settled: Promise<void>[] = [];
    for (let i = 0; i < 600; i++) settled.push(audit.write(record(i)));
    await audit.close(); // at once, with all 600 still queued
    // Written after close: stored directly, not lost in a queue nobody drains.
    settled.push(audit.write(record(600)));
    await Promise.all(settled);
    await store.close();
    const reopened = await adapter.open(location);
    expect(await stored(reopened, 601)).toBe(601);
    await reopened.close();
  });

  it('refuses only the call whose record the store cannot take', async () => {
    const store = await openFresh(adapter);
    const audit = createAuditLog({ records: store.records, logger: silentLogger, clock });
    const results = await Promise.allSettled([
      audit.write(record(0)),
      audit.write(record(1, { arguments: { n: 1n } })),
      audit.write(record(2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { code: 'ERR_STORE_INVALID' } });
    expect(await store.records.get(AUDIT_KIND, keyOf(0), AT)).toMatchObject({ tool: 'echo' });
    expect(await store.records.get(AUDIT_KIND, keyOf(1), AT)).toBeUndefined();
    expect(await store.records.get(AUDIT_KIND, keyOf(2), AT)).toMatchObject({ tool: 'echo' });
    await audit.close();
    await store.close();
  });
});
