import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadRenderTui } from '../src/index.ts';
import { MemoryTrafficInspector } from '@gatehouse/testing';
import type { TmuxTerminal } from '@gatehouse/testing/tmux';
import { ALICE, eventually, openSshTui, startHarness } from '@gatehouse/testing/tunnel';
import type { Harness } from '@gatehouse/testing/tunnel';

// Issue 16: panel [5] MCP Calls, end to end: the real ssh in a real terminal (tmux), the ink TUI
// drawn by this server, the calls from an in-test implementation of the core traffic PORT (the
// gateway's capture is built in parallel; switch to it at merge).
let term: TmuxTerminal | undefined;
const screen = (): string => term?.screen() ?? '';
const keys = (...k: string[]): void => term?.keys(...k);

let h: Harness;
let traffic: MemoryTrafficInspector;
beforeEach(async () => {
  traffic = new MemoryTrafficInspector();
  h = await startHarness({ renderTui: await loadRenderTui(), traffic });
});
afterEach(async () => {
  term?.close();
  term = undefined;
  await h.close();
});

it('[5] MCP Calls shows the user’s calls live, Enter shows the JSON, r replays, q ends ssh', async () => {
  term = openSshTui(h, { name: 'gatehouse-calls', columns: 120, rows: 40 });
  await eventually(() => /ACTIVE/.test(screen()) && /MCP Calls/.test(screen()), 20_000);
  expect(screen()).toContain('No MCP calls yet');

  const call = traffic.add({ ownerAccountId: ALICE.userId, target: 'echo' });
  traffic.add({ ownerAccountId: 'acc-bob', target: 'bobs-tool' });
  await eventually(() => /tools\/call +echo +200 +\S+ +allow/.test(screen()), 20_000);
  expect(screen()).not.toContain('bobs-tool');

  keys('Tab', 'Tab'); // [3] → [4] → [5]
  await eventually(() => /enter JSON/.test(screen()), 10_000);
  keys('Enter');
  await eventually(() => /"name": "echo"/.test(screen()), 10_000);
  const detail = screen();
  expect(detail).toContain('Request');
  expect(detail).toContain('"arguments": {');
  expect(detail).toContain('Response');
  expect(detail).toMatch(/"text": "hello"/);

  keys('r');
  await eventually(() => /Replayed tools\/call echo: 200 allow/.test(screen()), 10_000);
  await eventually(() => screen().includes(`replay of ${call.id}`), 10_000);
  expect(traffic.replays).toEqual([{ id: call.id, options: undefined }]);

  keys('Escape');
  await eventually(() => /tools\/call \(replay\)/.test(screen()), 10_000);
  keys('q');
  await eventually(() => /exit=0/.test(screen()), 10_000);
}, 90_000);
