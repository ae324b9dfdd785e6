import { afterEach, expect, test } from 'vitest';
import { createMcpCallsSource } from '../../src/mcp-calls.ts';
import { MemoryTrafficInspector } from '@gatehouse/testing';
import { closeAll, startTui } from './helpers/start-tui.ts';

// Panel [5] MCP Calls on an in-memory terminal, fed by an in-test implementation of the core
// traffic PORT through the real createMcpCallsSource (the SSH session's wiring).

afterEach(closeAll);

const OWNER = 'acc-alice';

function withCalls() {
  const traffic = new MemoryTrafficInspector();
  const calls = createMcpCallsSource(traffic, { userId: OWNER, admin: false });
  return { traffic, calls };
}

test('escape sequences in a captured tool name or body do not reach the terminal', async () => {
  const { traffic, calls } = withCalls();
  const hostile = '\x1b]52;c;ZXZpbA==\x07evil\x1b[2J';
  const request = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: hostile, arguments: { text: hostile } },
  });
  traffic.add({
    ownerAccountId: OWNER,
    target: hostile,
    request: { text: request, bytes: request.length, truncated: false },
  });
  const { term } = startTui({ calls, rows: 40 });
  await term.waitFor((s) => s.includes('evil'));
  term.type('\t\t\r');
  await term.waitFor((s) => s.includes('Request') && s.includes('"arguments"'));
  expect(term.raw()).not.toContain('\x1b]52');
  expect(term.raw()).not.toContain('\x1b[2J');
  expect(term.terminal.osc).toEqual([]);
  calls.close();
});

test('a long call scrolls with PgDn and Esc goes back to the list', async () => {
  const { traffic, calls } = withCalls();
  const args = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`key${String(i)}`, i]));
  const request = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'echo', arguments: args },
  });
  traffic.add({
    ownerAccountId: OWNER,
    request: { text: request, bytes: request.length, truncated: false },
  });
  traffic.add({ ownerAccountId: 'acc-bob', target: 'bobs-tool' });
  const { term } = startTui({ calls, rows: 30 });
  await term.waitFor((s) => /tools\/call +echo/.test(s));
  expect(term.terminal.text()).not.toContain('bobs-tool');
  term.type('\t\t\r');
  const first = await term.waitFor((s) => s.includes('"key0": 0'));
  expect(first).not.toContain('"key40": 40');
  term.type('\x1b[6~\x1b[6~\x1b[6~'); // Page Down ×3
  const scrolled = await term.waitFor((s) => s.includes('"key40": 40'));
  expect(scrolled).not.toContain('"key0": 0');
  term.type('\x1b');
  await term.waitFor((s) => s.includes('Port Forward Status') && /tools\/call +echo/.test(s));
  calls.close();
});

test('a call in progress shows … and its row completes in place when the answer ends', async () => {
  const { traffic, calls } = withCalls();
  const startedAt = Date.now();
  const streaming = traffic.add({
    ownerAccountId: OWNER,
    target: 'slow',
    status: 0,
    inProgress: true,
    timings: { startedAt },
  });
  const { term } = startTui({ calls, rows: 30 });
  await term.waitFor((s) => /tools\/call +slow +… +… +allow/.test(s));
  traffic.complete(streaming.id, {
    status: 200,
    timings: { startedAt, upstreamFirstByteMs: 3, totalMs: 42 },
  });
  const done = await term.waitFor((s) => /tools\/call +slow +200 +42ms +allow/.test(s));
  expect(done.match(/tools\/call +slow/g)).toHaveLength(1);
  calls.close();
});
