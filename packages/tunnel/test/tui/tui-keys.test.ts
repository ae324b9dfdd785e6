import { afterEach, expect, test } from 'vitest';
import { closeAll, startTui } from './helpers/start-tui.ts';
import { REMOTE_URL, sampleView } from './helpers/sample-view.ts';

afterEach(closeAll);

const settle = (ms = 150): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('2 hides Client Requests and 2 again shows it', async () => {
  const { term } = startTui();
  await term.waitFor((s) => s.includes('Client Requests'));
  term.type('2');
  const hidden = await term.waitFor((s) => !s.includes('Client Requests'));
  expect(hidden).toContain('Port Forward Status');
  term.type('2');
  await term.waitFor((s) => s.includes('Client Requests'));
});

test('c writes the MCP URL (Remote URL + /mcp) to the clipboard with OSC 52', async () => {
  const { term } = startTui();
  await term.waitFor((s) => s.includes('ACTIVE'));
  term.type('c');
  await term.waitFor((s) => s.includes(`Copied ${REMOTE_URL}/mcp`));
  const base64 = Buffer.from(`${REMOTE_URL}/mcp`).toString('base64');
  expect(term.raw()).toContain(`\x1b]52;c;${base64}\x07`);
});

test('j selects the next forward in Port Forward Status and c copies its URL', async () => {
  const base = sampleView(Date.now());
  const first = base.forwards[0];
  if (first === undefined) throw new Error('sample view has a forward');
  const echoUrl = 'http://echo.brave-otter-123.localhost:8787';
  const { term } = startTui({
    view: { ...base, forwards: [first, { ...first, route: 'echo', remoteUrl: echoUrl }] },
  });
  await term.waitFor((s) => s.includes(echoUrl));
  term.type('j');
  await new Promise((resolve) => setTimeout(resolve, 50));
  term.type('c');
  await term.waitFor((s) => s.includes(`Copied ${echoUrl}/mcp`));
  expect(term.raw()).toContain(`\x1b]52;c;${Buffer.from(`${echoUrl}/mcp`).toString('base64')}\x07`);
});

test('e, typing 3000 and Enter call setLocalAddress("3000")', async () => {
  const tui = startTui();
  await tui.term.waitFor((s) => s.includes('ACTIVE'));
  tui.term.type('e');
  await tui.term.waitFor((s) => s.includes('Local address (now localhost:8080)'));
  for (const key of '3000') tui.term.type(key);
  await tui.term.waitFor((s) => s.includes('Local address (now localhost:8080): 3000'));
  tui.term.type('\r');
  await tui.term.waitFor((s) => s.includes('Local address set to 3000'));
  expect(tui.addresses).toEqual(['3000']);
});

test('keys typed together in one chunk are each handled', async () => {
  const tui = startTui();
  await tui.term.waitFor((s) => s.includes('ACTIVE'));
  tui.term.type('e3000\r');
  await tui.term.waitFor((s) => s.includes('Local address set to 3000'));
  expect(tui.addresses).toEqual(['3000']);
});

test('a refused local address shows the refusal and keeps the input open', async () => {
  const tui = startTui({ refuse: 'port must be 1-65535' });
  await tui.term.waitFor((s) => s.includes('ACTIVE'));
  tui.term.type('e99999\r');
  const screen = await tui.term.waitFor((s) => s.includes('port must be 1-65535'));
  expect(screen).toContain('Local address (now localhost:8080): 99999');
  expect(tui.addresses).toEqual(['99999']);
});

test('Esc leaves the local address input without calling setLocalAddress', async () => {
  const tui = startTui();
  await tui.term.waitFor((s) => s.includes('ACTIVE'));
  tui.term.type('e30');
  await tui.term.waitFor((s) => s.includes('Local address (now localhost:8080): 30'));
  tui.term.type('\x1b');
  await tui.term.waitFor((s) => s.includes('q quit'));
  await settle();
  expect(tui.addresses).toEqual([]);
});

test('q calls quit once and leaves the alternate screen', async () => {
  const tui = startTui();
  await tui.term.waitFor((s) => s.includes('ACTIVE'));
  tui.term.type('q');
  await settle();
  tui.term.type('q');
  await settle();
  expect(tui.quits.count).toBe(1);
  expect(tui.term.raw().endsWith('\x1b[?1049l\x1b[?25h')).toBe(true);
});

test('Ctrl-C calls quit, also while editing the local address', async () => {
  const tui = startTui();
  await tui.term.waitFor((s) => s.includes('ACTIVE'));
  tui.term.type('e');
  await tui.term.waitFor((s) => s.includes('Local address'));
  tui.term.type('\x03');
  await settle();
  expect(tui.quits.count).toBe(1);
  expect(tui.addresses).toEqual([]);
});

test('tab moves the focus (heavy border) to the next panel, shift-tab back', async () => {
  const { term } = startTui();
  await term.waitFor((s) => s.includes('┏━ Port Forward Status'));
  term.type('\t');
  await term.waitFor((s) => s.includes('┏━ Logs'));
  term.type('\x1b[Z');
  await term.waitFor((s) => s.includes('┏━ Port Forward Status'));
});

test('s, an email and Enter call share for the selected route; the Logs panel shows it', async () => {
  const tui = startTui();
  await tui.term.waitFor((s) => s.includes('ACTIVE'));
  tui.term.type('s');
  await tui.term.waitFor((s) => s.includes('Share mcp with (email):'));
  tui.term.type('bob@example.com');
  await tui.term.waitFor((s) => s.includes('Share mcp with (email): bob@example.com'));
  tui.term.type('\r');
  const screen = await tui.term.waitFor((s) => s.includes('Shared mcp with bob@example.com'));
  expect(screen).toContain('shared mcp with bob@example.com');
  expect(tui.shares).toEqual(['mcp bob@example.com']);
});

test('a refused share shows the refusal inline and keeps the input open', async () => {
  const tui = startTui({ refuseShare: 'not an e-mail address: "bob"' });
  await tui.term.waitFor((s) => s.includes('ACTIVE'));
  tui.term.type('sbob\r');
  const screen = await tui.term.waitFor((s) => s.includes('not an e-mail address'));
  expect(screen).toContain('Share mcp with (email): bob');
  expect(tui.shares).toEqual(['mcp bob']);
});

test('Esc leaves the share input without calling share', async () => {
  const tui = startTui();
  await tui.term.waitFor((s) => s.includes('ACTIVE'));
  tui.term.type('sbob');
  await tui.term.waitFor((s) => s.includes('Share mcp with (email): bob'));
  tui.term.type('\x1b');
  await tui.term.waitFor((s) => s.includes('s share'));
  await settle();
  expect(tui.shares).toEqual([]);
});
