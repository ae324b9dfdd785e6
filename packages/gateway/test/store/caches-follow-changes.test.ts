import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { silentLogger, type TunnelStatus } from '@gatehouse/core';
import { createRevocationCache } from '../../src/mcp/resource/index.ts';
import { createSessionManager } from '../../src/session/sessions.ts';
import { createTunnelService } from '../../src/tunnel-accounts/index.ts';
import { storeAdapters } from './adapters.ts';

const adapters = storeAdapters();

/** Re-checks `condition` until it holds; the test's timeout is the only limit. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(20);
}

/** Far longer than any test runs: only a change notification can update the caches in time. */
const NEVER_MS = 3_600_000;

// Issue 17: revocations, disabled accounts, ended sessions and revoked SSH keys reach every node
// through Store.changes, not at the next periodic refresh (15 s before).
describe.each(adapters)('$name: per-node caches follow changes made on another node', (adapter) => {
  it('the revocation cache refuses a grant revoked and an account disabled on another node', async () => {
    const location = await adapter.fresh();
    const [nodeA, nodeB] = [await adapter.open(location), await adapter.open(location)];
    const account = await nodeB.accounts.create({ email: 'ada@example.com' });
    const cache = createRevocationCache({
      store: nodeA,
      logger: silentLogger,
      refreshMs: NEVER_MS,
    });
    await cache.refresh();
    cache.start();
    try {
      expect(cache.isGrantRevoked('grant-1')).toBe(false);
      expect(cache.isUserDisabled(account.id)).toBe(false);
      await nodeB.oauth.revokeByGrantId('grant-1');
      await until(() => cache.isGrantRevoked('grant-1'));
      await nodeB.accounts.update(account.id, { disabled: true });
      await until(() => cache.isUserDisabled(account.id));
      expect(cache.isGrantRevoked('grant-2')).toBe(false);
    } finally {
      cache.stop();
      await nodeA.close();
      await nodeB.close();
    }
  });

  it('a session cached on one node ends there when it is signed out on another', async () => {
    const location = await adapter.fresh();
    const [nodeA, nodeB] = [await adapter.open(location), await adapter.open(location)];
    const options = {
      cookieSecret: randomBytes(32),
      lifetimeMs: 10 * 3_600_000,
      idleTimeoutMs: 3_600_000,
      cacheMs: NEVER_MS,
    };
    const onA = createSessionManager({ ...options, store: nodeA });
    const onB = createSessionManager({ ...options, store: nodeB });
    const identity = { userId: 'acc_1', email: null, name: null, groups: [], claims: {}, idp: 'x' };
    const meta = { ip: null, userAgent: null };
    const first = await onA.start(identity, meta);
    const second = await onA.start(identity, meta);
    expect(await onA.fromToken(first.token)).toBeDefined();
    expect(await onA.fromToken(second.token)).toBeDefined();

    await onB.end(first.session.id);
    await until(async () => (await onA.fromToken(first.token)) === undefined);
    expect(await onA.fromToken(second.token)).toBeDefined();
    await onB.endAllFor('acc_1');
    await until(async () => (await onA.fromToken(second.token)) === undefined);
    await nodeA.close();
    await nodeB.close();
  });

  it('an SSH key revoked on another node closes its connections on this one', async () => {
    const location = await adapter.fresh();
    const [nodeA, nodeB] = [await adapter.open(location), await adapter.open(location)];
    const disconnected: string[] = [];
    // Stands in for the SSH server's live view (the TunnelStatus port of @gatehouse/core).
    const status: TunnelStatus = {
      list: () => [],
      isLive: () => false,
      disconnectKey: (fingerprint) => disconnected.push(fingerprint),
      disconnectAccount: () => undefined,
    };
    createTunnelService({
      store: nodeA,
      config: () => {
        throw new Error('not needed by this test');
      },
      edgePort: () => 0,
      logger: silentLogger,
      clock: { now: () => Date.now() },
      status,
    });
    const binding = {
      accountId: 'acc_1',
      publicKey: 'ssh-ed25519 AAAA',
      remember: false,
      createdAt: 1,
      lastUsedAt: 1,
      expiresAt: null,
    };
    await nodeB.tunnels.putBinding({ ...binding, fingerprint: 'SHA256:session' });
    await nodeB.tunnels.putBinding({ ...binding, fingerprint: 'SHA256:revoked' });
    // One SSH session of a key ending is not a revocation: other connections of it stay.
    await nodeB.tunnels.deleteSessionBinding('SHA256:session');
    await nodeB.tunnels.deleteBinding('SHA256:revoked');
    await until(() => disconnected.length > 0);
    expect(disconnected).toEqual(['SHA256:revoked']);
    await nodeA.close();
    await nodeB.close();
  });
});
