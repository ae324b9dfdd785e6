import { afterEach, expect, test } from 'vitest';
import type { SessionView, SessionViewSource } from '../../src/session-view.ts';
import { renderTui } from '../../src/tui/index.ts';
import { memoryTerminal } from './helpers/memory-io.ts';
import { sampleView, viewSource } from './helpers/sample-view.ts';

let close = (): void => {};
afterEach(() => close());

test('a burst of view changes is drawn once, with the latest data', async () => {
  const term = memoryTerminal(100, 30);
  const data = viewSource(sampleView(Date.now()));
  let reads = 0;
  const source: SessionViewSource = {
    current: () => {
      reads += 1;
      return data.source.current();
    },
    subscribe: (listener) => data.source.subscribe(listener),
  };
  close = renderTui(term.io, source, {
    setLocalAddress: () => ({ ok: true }),
    share: () => Promise.resolve({ ok: true }),
    quit: () => {},
  }).close;
  await term.waitFor((s) => s.includes('ACTIVE'));
  const before = reads;
  const base = data.source.current();
  for (let i = 0; i < 500; i += 1) {
    const next: SessionView = { ...base, email: `user${i}@example.com` };
    data.set(next);
  }
  await term.waitFor((s) => s.includes('user499@example.com'));
  expect(reads - before).toBe(1);
});
