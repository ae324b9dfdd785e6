import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type Store } from '@gatehouse/core';
import { openSqliteStore } from '../../src/index.ts';
import { createTunnelAccounts } from '../../src/tunnel-accounts/index.ts';
import { answer, sshKey, startTunnelGateway, type TunnelGateway } from '@gatehouse/testing/gateway';

let t: TunnelGateway;
let otherNode: Store;
beforeEach(async () => {
  t = await startTunnelGateway();
  // A second gateway process on the same database: it holds the SSH connection.
  otherNode = await openSqliteStore(join(t.dataDir, 'gatehouse.db'), { clock: t.clock });
});
afterEach(async () => {
  await otherNode.close();
  await t.close();
});

describe('an SSH sign-in answered on another gateway node', () => {
  it('settles the waiting node through the shared store, and its key is bound there too', async () => {
    const accounts = createTunnelAccounts({
      store: otherNode,
      config: () => t.config,
      edgePort: () => t.port,
      logger: silentLogger,
      clock: t.clock,
      pollMs: 20,
    });
    const key = sshKey();
    const pending = await accounts.begin(key);
    expect(pending.verifyUrl.startsWith(`${t.authUrl}/ssh/verify?user_code=`)).toBe(true);
    await answer(await t.signedInBrowser('ada@example.com'), pending.verifyUrl, 'authorize');
    const outcome = await pending.outcome;
    expect(outcome.approved).toBe(true);
    expect(await accounts.lookup(key)).toEqual(outcome.approved ? outcome.identity : undefined);
  });
});
