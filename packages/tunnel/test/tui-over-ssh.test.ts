import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadRenderTui } from '../src/index.ts';
import type { TmuxTerminal } from '@gatehouse/testing/tmux';
import { eventually, openSshTui, startHarness } from '@gatehouse/testing/tunnel';
import type { Harness } from '@gatehouse/testing/tunnel';

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
  term = openSshTui(h, { name: 'gatehouse-tunnel', columns: 120, rows: 30 });
  await eventually(() => /ACTIVE/.test(screen()), 10_000);
  expect(screen()).toContain('http://mcp.brave-otter-123.localhost:8787');
  expect(screen()).toContain('alice@example.com');
  term.keys('q');
  await eventually(() => /exit=0/.test(screen()), 10_000);
}, 20_000);
