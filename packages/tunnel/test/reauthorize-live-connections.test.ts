import { afterEach, beforeEach, expect, it } from 'vitest';
import { killAllSsh, spawnSsh } from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

// Live tunnels are re-checked (every 60 s in production, 100 ms here): a key signed out or
// revoked elsewhere, or an account disabled from another process, loses its tunnel within one
// round; when the accounts cannot answer three rounds in a row, tunnels close (fail closed).

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ reauthorizeMs: 100 });
});
afterEach(async () => {
  await killAllSsh();
  await h.close();
});

async function liveTunnel(name: string) {
  const key = h.key(name);
  h.accounts.bind(key.fingerprint, ALICE);
  const ssh = spawnSsh(h.port, key, ['-N', '-R', '0', '127.0.0.1']);
  await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'));
  return { key, ssh };
}

it('a key that is still signed in keeps its tunnel across rounds', async () => {
  const { ssh } = await liveTunnel('kept');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(h.server.isLive(ALICE.namespace, 'mcp')).toBe(true);
  expect(ssh.child.exitCode).toBeNull();
});

it('a key no longer bound loses its connection within a round', async () => {
  const { key, ssh } = await liveTunnel('revoked');
  h.accounts.bindings.delete(key.fingerprint);
  await eventually(() => !h.server.isLive(ALICE.namespace, 'mcp'), 2_000);
  expect(await ssh.exited).not.toBeNull();
});

it('accounts that cannot answer: a failed round is tolerated, three in a row close the tunnels', async () => {
  const { ssh } = await liveTunnel('store-down');
  h.accounts.lookupFailure = new Error('database is locked');
  await new Promise((resolve) => setTimeout(resolve, 150));
  h.accounts.lookupFailure = undefined;
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(h.server.isLive(ALICE.namespace, 'mcp')).toBe(true);

  h.accounts.lookupFailure = new Error('database is locked');
  await eventually(() => !h.server.isLive(ALICE.namespace, 'mcp'), 2_000);
  expect(await ssh.exited).not.toBeNull();
});
