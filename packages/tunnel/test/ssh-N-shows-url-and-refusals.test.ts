import { afterEach, beforeEach, expect, it } from 'vitest';
import { killAllSsh, spawnSsh } from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

// Issue 15 item 7: with `ssh -N` there is no session channel, so a remembered key never saw its
// URL, and a refused route name gave no reason with -N or -T. The URL now comes as an auth banner
// (RFC 4252 §5.4), a refusal shows in -T's plain lines, and a -N connection that serves nothing
// ends with the reason as its disconnect message.

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await killAllSsh();
  await h.close();
});

it('ssh -N with a remembered key prints who signed in and the URL', async () => {
  const key = h.key('remembered');
  h.accounts.bind(key.fingerprint, ALICE);
  const ssh = spawnSsh(h.port, key, ['-N', '-R', '0', '127.0.0.1']);
  await ssh.waitFor(
    /Signed in as alice@example\.com\. Your URL: http:\/\/mcp\.brave-otter-123\.localhost:8787/,
    30_000,
  );
  await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'), 30_000);
}, 60_000);

it('ssh -N whose only forward is refused ends with the reason', async () => {
  const key = h.key('refused-n');
  h.accounts.bind(key.fingerprint, ALICE);
  const ssh = spawnSsh(h.port, key, ['-N', '-R', 'Bad_Name:0', '127.0.0.1']);
  expect(await ssh.exited).toBe(255);
  expect(ssh.output()).toMatch(
    /Received disconnect from .*gatehouse: no tunnel is open: forward Bad_Name:0 refused: "Bad_Name" is not a route name/,
  );
}, 60_000);

it('ssh -T shows why a route name was refused, and serves the other forward', async () => {
  const key = h.key('refused-t');
  h.accounts.bind(key.fingerprint, ALICE);
  const ssh = spawnSsh(h.port, key, ['-T', '-R', 'Bad_Name:0', '-R', '0', '127.0.0.1']);
  await ssh.waitFor(/error: forward Bad_Name:0 refused: "Bad_Name" is not a route name/, 30_000);
  await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'), 30_000);
  expect(ssh.child.exitCode).toBeNull();
}, 60_000);
