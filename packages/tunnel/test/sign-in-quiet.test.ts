import { afterEach, beforeEach, expect, it } from 'vitest';
import { killAllSsh, spawnSshOnPty } from './support/ssh-client.ts';
import { ALICE, eventually, startHarness } from './support/tunnel-harness.ts';
import type { Harness } from './support/tunnel-harness.ts';

// On a terminal: the URL comes as a prompt-less info request, so approving in the browser is
// enough (as on pom.run). `ssh -q` hides that text; an unanswered sign-in then asks again with a
// prompt, which -q shows and which needs Enter.

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ signInReminderMs: 300 });
});
afterEach(async () => {
  await killAllSsh();
  await h.close();
});

it('on a terminal, approving in the browser is enough: no Enter, no prompt', async () => {
  const ssh = spawnSshOnPty(h.port, h.key('plain'), ['-N', '-R', '0', '127.0.0.1']);
  const match = await ssh.waitFor(
    /Please sign in to continue\s+http:\/\/auth\.localhost:8787\/ssh\/verify\?user_code=([0-9a-f]+)/,
  );
  h.accounts.approve(match[1] ?? '', ALICE);
  await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'));
  expect(ssh.output()).not.toContain('press Enter');
});

it('ssh -q on a terminal still shows the URL (in the reminder prompt); sign-in completes after approve + Enter', async () => {
  const ssh = spawnSshOnPty(h.port, h.key('quiet'), ['-q', '-N', '-R', '0', '127.0.0.1']);
  const match = await ssh.waitFor(
    /Open http:\/\/auth\.localhost:8787\/ssh\/verify\?user_code=([0-9a-f]+) to sign in/,
  );
  // -q hides the title and instruction: the prompt is what carries the URL.
  expect(ssh.output()).not.toContain('Please sign in to continue');
  h.accounts.approve(match[1] ?? '', ALICE);
  await new Promise((resolve) => setTimeout(resolve, 100));
  // Approved but the user has not pressed Enter yet: not signed in.
  expect(h.server.isLive(ALICE.namespace, 'mcp')).toBe(false);
  ssh.child.stdin?.write('\r');
  await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'));
});
