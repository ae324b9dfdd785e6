import { afterEach, expect, test } from 'vitest';
import type { LogLineView } from '../../src/session-view.ts';
import { closeAll, startTui } from './helpers/start-tui.ts';
import { sampleView } from './helpers/sample-view.ts';

afterEach(closeAll);

const line = (at: number, text: string, count = 1): LogLineView => ({
  at,
  level: 'info',
  text,
  count,
});

test('the same log line three times in a row shows once as (x3)', async () => {
  const now = Date.now();
  const text = 'new connection from 127.0.0.1: mcp.brave-otter-123.localhost';
  const view = { ...sampleView(now), logs: [line(now, text), line(now, text), line(now, text)] };
  const { term } = startTui({ view });
  const screen = await term.waitFor((s) => s.includes(text));
  expect(screen).toContain(`(x3) ${text}`);
  expect(screen.split(text)).toHaveLength(2);
});

test('a count from the server adds up with the repeats around it', async () => {
  const now = Date.now();
  const view = {
    ...sampleView(now),
    logs: [line(now, 'tick', 2), line(now, 'tick'), line(now, 'tock')],
  };
  const { term } = startTui({ view });
  const screen = await term.waitFor((s) => s.includes('tock'));
  expect(screen).toContain('(x3) tick');
  expect(screen).not.toContain('(x1)');
});

test('logs follow the newest line; k scrolls back to older ones', async () => {
  const now = Date.now();
  const logs = Array.from({ length: 40 }, (_, i) => line(now, `event number ${i}`));
  const tui = startTui({ view: { ...sampleView(now), logs } });
  await tui.term.waitFor((s) => s.includes('event number 39'));
  tui.term.type('\t');
  await tui.term.waitFor((s) => s.includes('┏━ Logs'));
  tui.term.type('kkkkkkkkkkkkkkkkkkkk');
  const screen = await tui.term.waitFor((s) => !s.includes('event number 39'));
  expect(screen).toMatch(/event number 1\d/);
});
