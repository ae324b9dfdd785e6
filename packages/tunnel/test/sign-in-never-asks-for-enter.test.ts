import { afterEach, beforeEach, expect, it } from 'vitest';
import { killAllSsh, spawnSshOnPty } from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

// Issue 15 item 2: after 5 s without an answer from the browser, ssh used to ask "Open … then
// press Enter:" (the URL shown three times) and then waited for Enter even after the approval.
// The URL is now shown once, and approving in the browser is all it takes, however late.

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await killAllSsh();
  await h.close();
});

const URL_PATTERN = /http:\/\/auth\.localhost:8787\/ssh\/verify\?user_code=([0-9a-f]+)/;

it('a late approval signs in without Enter, and the URL was printed once', async () => {
  const ssh = spawnSshOnPty(h.port, h.key('late'), ['-N', '-R', '0', '127.0.0.1']);
  const match = await ssh.waitFor(
    new RegExp(`Please sign in to continue\\s+${URL_PATTERN.source}`),
  );
  // Longer than the 5 s after which the old server asked again: an absence needs a wait.
  await new Promise((resolve) => setTimeout(resolve, 6000));
  h.accounts.approve(match[1] ?? '', ALICE);
  await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'), 30_000);
  await ssh.waitFor(/Signed in as alice@example\.com\. Your URL: http:\/\/mcp\.brave-otter-123/);
  const output = ssh.output();
  expect(output).not.toMatch(/press Enter/i);
  expect(output.split(match[0].slice(match[0].indexOf('http'))).length - 1).toBe(1);
}, 60_000);
