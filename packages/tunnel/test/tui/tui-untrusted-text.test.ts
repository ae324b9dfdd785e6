import { afterEach, expect, test } from 'vitest';
import { closeAll, startTui } from './helpers/start-tui.ts';
import { sampleView } from './helpers/sample-view.ts';

afterEach(closeAll);

test('escape sequences in a Host header or a log line do not reach the terminal', async () => {
  const now = Date.now();
  const base = sampleView(now);
  const hostile = '\x1b]52;c;ZXZpbA==\x07evil\x1b[2J';
  const first = base.connections[0];
  if (first === undefined) throw new Error('sample view has a connection');
  const view = {
    ...base,
    connections: [{ ...first, hostname: hostile, path: `/p${hostile}` }],
    logs: [{ at: now, level: 'warn' as const, text: `bad ${hostile}`, count: 1 }],
  };
  const { term } = startTui({ view });
  await term.waitFor((s) => s.includes('evil'));
  expect(term.raw()).not.toContain('\x1b]52');
  expect(term.raw()).not.toContain('\x1b[2J');
  expect(term.terminal.osc).toEqual([]);
});
