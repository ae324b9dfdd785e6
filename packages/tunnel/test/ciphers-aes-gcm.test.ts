import { afterEach, beforeEach, expect, it } from 'vitest';
import { killAllSsh, spawnSsh } from '@gatehouse/testing';
import { startHarness, type Harness } from '@gatehouse/testing/tunnel';

// The real OpenSSH client, whose own preference is chacha20-poly1305 and then aes-ctr, ends up
// on AES-GCM: the one cipher family ssh2 runs in OpenSSL without its native binding.
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await killAllSsh();
  await h.close();
});

it('OpenSSH negotiates aes128-gcm in both directions, and a client offering only chacha20 is refused', async () => {
  // The key is unbound: ssh then waits at the sign-in; the cipher is chosen before that.
  const ssh = spawnSsh(h.port, h.key('gcm'), ['-v', '127.0.0.1', 'true']);
  await ssh.waitFor(/kex: client->server cipher: \S+/);
  expect(ssh.output()).toContain('kex: server->client cipher: aes128-gcm@openssh.com');
  expect(ssh.output()).toContain('kex: client->server cipher: aes128-gcm@openssh.com');

  const chacha = spawnSsh(h.port, h.key('chacha'), [
    '-o',
    'Ciphers=chacha20-poly1305@openssh.com',
    '127.0.0.1',
    'true',
  ]);
  expect(await chacha.exited).not.toBe(0);
  expect(chacha.output()).toMatch(/no matching cipher found/);
});
