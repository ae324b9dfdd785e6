import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBody, requestOver, startLocalServer, killAllSsh, spawnSsh } from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

const TARGET = { routeId: 'alice-mcp', url: new URL('tunnel://mcp.brave-otter-123') };

describe('revocation and several sessions on one route', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await killAllSsh();
    await h.close();
  });

  it('disconnectKey closes the ssh process and the route goes offline', async () => {
    const key = h.key('alice');
    h.accounts.bind(key.fingerprint, ALICE);
    const ssh = spawnSsh(h.port, key, ['-N', '-R', '0', '127.0.0.1']);
    await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'));
    h.server.disconnectKey(key.fingerprint);
    expect(await ssh.exited).not.toBeNull();
    await eventually(() => !h.server.isLive(ALICE.namespace, 'mcp'));
    expect(h.server.list()).toEqual([]);
  });

  it('disconnectAccount closes every connection of the account only', async () => {
    const a = h.key('a');
    const b = h.key('b');
    h.accounts.bind(a.fingerprint, ALICE);
    const bob = { userId: 'acc-bob', email: 'bob@example.com', namespace: 'calm-heron-7' };
    h.accounts.bind(b.fingerprint, bob);
    const sshA = spawnSsh(h.port, a, ['-N', '-R', '0', '127.0.0.1']);
    spawnSsh(h.port, b, ['-N', '-R', '0', '127.0.0.1']);
    await eventually(() => h.server.list().length === 2);
    h.server.disconnectAccount(ALICE.userId);
    await sshA.exited;
    await eventually(() => h.server.list().length === 1);
    expect(h.server.isLive(bob.namespace, 'mcp')).toBe(true);
  });

  it('two sessions of the owner on one route share the connections (round-robin)', async () => {
    const seen: string[] = [];
    const one = await startLocalServer((_req, res) => res.end('one'));
    const two = await startLocalServer((_req, res) => res.end('two'));
    try {
      const key = h.key('alice');
      h.accounts.bind(key.fingerprint, ALICE);
      spawnSsh(h.port, key, ['-N', '-R', `0:127.0.0.1:${one.port}`, '127.0.0.1']);
      spawnSsh(h.port, key, ['-N', '-R', `0:127.0.0.1:${two.port}`, '127.0.0.1']);
      await eventually(() => h.server.list().length === 2);
      for (let i = 0; i < 4; i++) {
        const response = await requestOver(await h.server.upstream.connect(TARGET), '/');
        seen.push(await readBody(response));
      }
      expect(seen.filter((s) => s === 'one')).toHaveLength(2);
      expect(seen.filter((s) => s === 'two')).toHaveLength(2);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
