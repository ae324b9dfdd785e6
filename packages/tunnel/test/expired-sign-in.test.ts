import { afterEach, beforeEach, expect, it } from 'vitest';
import { killAllSsh, spawnSsh } from '@gatehouse/testing';
import { startHarness, type Harness } from '@gatehouse/testing/tunnel';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ signInTtlMs: 100 });
});
afterEach(async () => {
  await killAllSsh();
  await h.close();
});

it('a code nobody approves expires: the attempt ends with the message and the code is cancelled', async () => {
  const ssh = spawnSsh(h.port, h.key('slow'), ['-N', '-R', '0', '127.0.0.1']);
  await ssh.waitFor(/user_code=/);
  expect(await ssh.exited).not.toBe(0);
  expect(ssh.output()).toContain('The sign-in code expired before it was approved');
  expect(h.accounts.pending.size).toBe(0);
});
