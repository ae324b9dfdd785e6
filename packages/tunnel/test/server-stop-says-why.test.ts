import { afterEach, beforeEach, expect, it } from 'vitest';
import { killAllSsh, spawnSsh } from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

// Issue 15 item 15: every restart of `npm start` dropped the tunnel with an empty reason
// ("Received disconnect from …:11: "). Now ssh says why and how to come back.

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await killAllSsh();
  await h.close();
});

it('ssh -N hears, as the disconnect reason, that the server is restarting and how to reconnect', async () => {
  const key = h.key('stopping');
  h.accounts.bind(key.fingerprint, ALICE);
  const ssh = spawnSsh(h.port, key, ['-N', '-R', '0', '127.0.0.1']);
  await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'), 30_000);
  await h.server.close();
  await ssh.exited;
  expect(ssh.output()).toMatch(
    /Received disconnect from .*: gatehouse: the server is restarting or stopping, so this tunnel closed\. Run the same ssh command again to reconnect/,
  );
}, 60_000);

it('ssh -T gets the same words on stderr before its session ends', async () => {
  const key = h.key('stopping-t');
  h.accounts.bind(key.fingerprint, ALICE);
  const ssh = spawnSsh(h.port, key, ['-T', '-R', '0', '127.0.0.1']);
  await ssh.waitFor(/ACTIVE/, 30_000);
  await h.server.close();
  await ssh.exited;
  expect(ssh.output()).toMatch(
    /\ngatehouse: the server is restarting or stopping, so this tunnel closed\. Run the same ssh command again to reconnect/,
  );
}, 60_000);
