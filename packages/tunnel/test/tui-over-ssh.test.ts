import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadRenderTui } from '../src/index.ts';
import { sshArgs } from '@gatehouse/testing';
import { openTmux, shellWords, type TmuxTerminal } from '@gatehouse/testing/tmux';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

// End to end: the real ssh in a real terminal (tmux), the real ink TUI drawn by this server.
let term: TmuxTerminal | undefined;
const screen = (): string => term?.screen() ?? '';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ renderTui: await loadRenderTui() });
});
afterEach(async () => {
  term?.close();
  term = undefined;
  await h.close();
});

it('ssh -R 0 on a terminal shows the TUI with the ACTIVE Remote URL; q ends ssh', async () => {
  const key = h.key('alice');
  h.accounts.bind(key.fingerprint, ALICE);
  const ssh = shellWords(['/usr/bin/ssh', ...sshArgs(h.port, key, ['-R', '0', '127.0.0.1'])]);
  term = openTmux({
    name: 'gatehouse-tunnel',
    command: `${ssh}; echo "exit=$?"; sleep 30`,
    columns: 120,
    rows: 30,
  });
  await eventually(() => /ACTIVE/.test(screen()), 10_000);
  expect(screen()).toContain('http://mcp.brave-otter-123.localhost:8787');
  expect(screen()).toContain('alice@example.com');
  term.keys('q');
  await eventually(() => /exit=0/.test(screen()), 10_000);
}, 20_000);
