import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { REMOTE_URL } from './helpers/sample-view.ts';

// A real terminal: tmux on a private socket runs the fixture, capture-pane reads the screen.
const fixture = fileURLToPath(new URL('./fixtures/tui-on-real-terminal.ts', import.meta.url));
const socket = `gatehouse-tui-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
let dir = '';

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

async function until<T>(what: string, read: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const screen = (): string => tmux('capture-pane', '-p', '-t', 'tui').trimEnd();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-tui-'));
  const conf = join(dir, 'tmux.conf');
  // `set-clipboard on`: tmux takes OSC 52 from the application into a paste buffer.
  writeFileSync(conf, 'set -g set-clipboard on\nset -g status off\n');
  const status = join(dir, 'status');
  const command = `env NODE_ENV=production '${process.execPath}' '${fixture}'; echo $? > '${status}'; sleep 30`;
  tmux('-f', conf, 'new-session', '-d', '-x', '100', '-y', '30', '-s', 'tui', command);
});

afterAll(() => {
  const socketPath = tmux('display-message', '-p', '#{socket_path}').trim();
  tmux('kill-server');
  rmSync(socketPath, { force: true });
  rmSync(dir, { recursive: true, force: true });
});

test('under tmux the panels and the ACTIVE row are on screen, c copies, resize redraws, q exits 0', async () => {
  const first = await until('the TUI', () => {
    const text = screen();
    return text.includes('ACTIVE') ? text : undefined;
  });
  expect(first).toContain('Gatehouse');
  for (const title of ['Active Connections', 'Client Requests', 'Port Forward Status', 'Logs']) {
    expect(first).toContain(title);
  }
  const active = first.split('\n').find((line) => line.includes('ACTIVE')) ?? '';
  expect(active).toContain(REMOTE_URL);

  tmux('send-keys', '-t', 'tui', 'c');
  const buffer = await until('the OSC 52 copy', () => {
    try {
      const text = tmux('show-buffer');
      return text.includes(REMOTE_URL) ? text : undefined;
    } catch {
      return undefined; // no buffer yet
    }
  });
  expect(buffer).toBe(`${REMOTE_URL}/mcp`);

  tmux('resize-window', '-t', 'tui', '-x', '40', '-y', '10');
  const small = await until('the 40×10 frame', () => {
    const text = screen();
    const lines = text.split('\n');
    return lines.some((l) => /^┃ACTIVE .*┃$/.test(l) && l.length === 40) ? text : undefined;
  });
  const lines = small.split('\n');
  expect(lines[0]).toContain('Gatehouse');
  expect(lines.at(-1)).toContain(`Copied ${REMOTE_URL.slice(0, 20)}`);
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);

  tmux('send-keys', '-t', 'tui', 'q');
  const status = join(dir, 'status');
  const code = await until('the exit status', () =>
    existsSync(status) && readFileSync(status, 'utf8').trim() !== ''
      ? readFileSync(status, 'utf8').trim()
      : undefined,
  );
  expect(code).toBe('0');
}, 60_000);
