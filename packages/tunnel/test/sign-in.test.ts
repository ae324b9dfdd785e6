import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';
import { killAllSsh, spawnSsh } from '@gatehouse/testing';

const URL_PATTERN = /http:\/\/auth\.localhost:8787\/ssh\/verify\?user_code=([0-9a-f]+)/;

describe('SSH sign-in with the real OpenSSH client', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await killAllSsh();
    await h.close();
  });

  it('first sign-in shows the verify URL; approving it makes the forward live', async () => {
    const key = h.key('alice');
    const ssh = spawnSsh(h.port, key, ['-N', '-R', '0', '127.0.0.1']);
    const match = await ssh.waitFor(URL_PATTERN);
    expect(ssh.output()).toContain('Please sign in to continue');
    expect(h.server.isLive(ALICE.namespace, 'mcp')).toBe(false);
    h.accounts.approve(match[1] ?? '', ALICE, true);
    await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'));
    await ssh.waitFor(/Allocated port (\d+) for remote forward/);
    // -N has no TUI: the sign-in text is where the user learns the URL.
    expect(ssh.output()).toContain(
      'Signed in as alice@example.com. Your URL: http://mcp.brave-otter-123.localhost:8787',
    );
    const [tunnel] = h.server.list(ALICE.userId);
    expect(tunnel).toMatchObject({
      userId: ALICE.userId,
      route: 'mcp',
      fingerprint: key.fingerprint,
      clientIp: '127.0.0.1',
      localAddress: 'localhost:8080',
    });
  });

  it('a remembered key reconnects with no prompt', async () => {
    const key = h.key('alice');
    h.accounts.bind(key.fingerprint, ALICE, true);
    const ssh = spawnSsh(h.port, key, ['-N', '-R', '0', '127.0.0.1']);
    await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'));
    expect(h.accounts.begins).toBe(0);
    expect(ssh.output()).not.toContain('sign in');
  });

  it('a denied code ends the attempt with a clear message', async () => {
    const ssh = spawnSsh(h.port, h.key('mallory'), ['-N', '-R', '0', '127.0.0.1']);
    const match = await ssh.waitFor(URL_PATTERN);
    h.accounts.deny(match[1] ?? '');
    const code = await ssh.exited;
    expect(code).not.toBe(0);
    expect(ssh.output()).toContain('The sign-in was denied in the browser');
    expect(h.server.list()).toEqual([]);
  });

  it('the client leaving mid sign-in cancels the code', async () => {
    const ssh = spawnSsh(h.port, h.key('quitter'), ['-N', '-R', '0', '127.0.0.1']);
    const match = await ssh.waitFor(URL_PATTERN);
    ssh.child.kill('SIGKILL');
    await eventually(() => h.accounts.events.includes(`cancel ${match[1] ?? ''}`));
    expect(h.accounts.pending.size).toBe(0);
  });

  it('a session-only binding is forgotten when its last connection ends', async () => {
    const key = h.key('alice');
    const ssh = spawnSsh(h.port, key, ['-N', '-R', '0', '127.0.0.1']);
    const match = await ssh.waitFor(URL_PATTERN);
    h.accounts.approve(match[1] ?? '', ALICE, false);
    await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'));
    ssh.child.kill('SIGTERM');
    await eventually(() => h.accounts.events.includes(`sessionEnded ${key.fingerprint}`));
    expect(h.accounts.bindings.has(key.fingerprint)).toBe(false);
    expect(h.server.isLive(ALICE.namespace, 'mcp')).toBe(false);
  });
});
