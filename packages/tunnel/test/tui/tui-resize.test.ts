import { afterEach, expect, test } from 'vitest';
import { closeAll, startTui } from './helpers/start-tui.ts';

afterEach(closeAll);

test('a resize to 40×10 redraws with no line wider than 40 columns', async () => {
  const { term } = startTui();
  await term.waitFor((s) => s.includes('Active Connections'));
  term.resize(40, 10);
  const screen = await term.waitFor((s) => /^q quit/.test(s.split('\n').at(-1) ?? ''));
  const lines = screen.split('\n');
  expect(lines).toHaveLength(10);
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
  expect(term.terminal.overflows).toBe(0);
  const active = lines.find((line) => line.includes('ACTIVE')) ?? '';
  // The Remote URL does not fit beside the other columns: the route in the row, the URL below
  // (scrolled out of this two-line panel; tui-repaints-wraps-and-copies checks it at 80×24).
  expect(active).toMatch(/^┃ACTIVE mcp +localhost:8080 +┃$/);
  expect(active).toHaveLength(40);
  expect(lines[0]).toContain('Gatehouse');
});

test('the TUI still works at 30×8: the forward is on screen and keys still act', async () => {
  const tui = startTui({ columns: 30, rows: 8 });
  const screen = await tui.term.waitFor((s) => s.includes('ACTIVE'));
  expect(screen).toContain('[3]');
  expect(tui.term.terminal.overflows).toBe(0);
  tui.term.type('q');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(tui.quits.count).toBe(1);
});

test('a burst of resizes ends with a correct frame for the last size', async () => {
  const { term } = startTui();
  await term.waitFor((s) => s.includes('Active Connections'));
  for (const [c, r] of [
    [60, 20],
    [33, 9],
    [120, 40],
    [45, 12],
    [100, 30],
  ] as const) {
    term.resize(c, r);
  }
  const screen = await term.waitFor((s) => s.includes('Active Connections') && s.includes('[4]'));
  const lines = screen.split('\n');
  expect(lines[0]).toContain('Gatehouse');
  expect(lines.at(-1)).toContain('q quit');
  expect(term.terminal.overflows).toBe(0);
});

test('a pty that reports 0×0 gets an 80×24 screen', async () => {
  const tui = startTui({ columns: 80, rows: 24, reported: { columns: 0, rows: 0 } });
  const screen = await tui.term.waitFor((s) => s.includes('q quit'));
  const lines = screen.split('\n');
  expect(lines).toHaveLength(24);
  expect(lines.at(-1)).toMatch(/^q quit/);
  expect(lines[1]).toMatch(/^╭─ Active Connections ─+ \[1\] ─╮$/);
  expect(lines[1]).toHaveLength(80);
  expect(tui.term.terminal.overflows).toBe(0);
});
