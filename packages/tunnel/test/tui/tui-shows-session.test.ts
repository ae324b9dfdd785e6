import { afterEach, expect, test } from 'vitest';
import { closeAll, startTui } from './helpers/start-tui.ts';
import { REMOTE_URL } from './helpers/sample-view.ts';

afterEach(closeAll);

test('the header shows Gatehouse, the session id, the client IP and the email', async () => {
  const { term } = startTui();
  const screen = await term.waitFor((s) => s.includes('alice@example.com'));
  const header = screen.split('\n')[0] ?? '';
  expect(header).toContain('Gatehouse');
  expect(header).toContain('9cc1564b-4a40-4b71-b944-a0d290b84077');
  expect(header).toContain('127.0.0.1');
  expect(header).toContain('alice@example.com');
});

test('the four panels are on screen with their titles and numbers', async () => {
  const { term } = startTui();
  const screen = await term.waitFor((s) => s.includes('[4]'));
  expect(screen).toContain('Active Connections');
  expect(screen).toContain('[1]');
  expect(screen).toContain('Client Requests');
  expect(screen).toContain('[2]');
  expect(screen).toContain('Port Forward Status');
  expect(screen).toContain('[3]');
  expect(screen).toContain('Logs');
});

test('an ACTIVE row shows the Remote URL and the local address', async () => {
  const { term } = startTui();
  const screen = await term.waitFor((s) => s.includes('ACTIVE'));
  const row = screen.split('\n').find((line) => line.includes('ACTIVE')) ?? '';
  expect(row).toContain(REMOTE_URL);
  expect(row).toContain('localhost:8080');
});

test('colours reach the client even though our own stdout is not a terminal', async () => {
  const { term } = startTui();
  await term.waitFor((s) => s.includes('ACTIVE'));
  expect(process.stdout.isTTY).not.toBe(true);
  expect(term.raw()).toContain('\x1b[32mACTIVE');
});

test('connections show channel, status, hostname, path, client, bytes and duration', async () => {
  const { term } = startTui();
  const screen = await term.waitFor((s) => s.includes('CLOSED'));
  const closed = screen.split('\n').find((line) => line.includes('CLOSED')) ?? '';
  expect(closed).toMatch(/│1\s+CLOSED\s+mcp\.brave-otter-123/);
  expect(closed).toContain('127.0.0.1:58099');
  expect(closed).toContain('1354');
  expect(closed).toContain('83.9k');
  expect(closed).toContain('156ms');
  expect(screen).toMatch(/│0\s+OPEN\s+mcp\.brave-otter-123.*\/mcp/);
});

test('client requests show (all) for a match-all bind address, the D port and the routes', async () => {
  const { term } = startTui();
  const screen = await term.waitFor((s) => s.includes('D 63567'));
  expect(screen).toMatch(/\(all\)\s+D 63567\s+mcp/);
});

test('the screen uses the alternate buffer and never writes a bare line feed', async () => {
  const { term } = startTui();
  await term.waitFor((s) => s.includes('ACTIVE'));
  expect(term.raw()).toContain('\x1b[?1049h');
  expect(term.terminal.bareLineFeeds).toBe(0);
  expect(term.terminal.overflows).toBe(0);
});
