import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openTmux, type TmuxTerminal } from '@gatehouse/testing/tmux';
import { REMOTE_URL } from './helpers/sample-view.ts';

// A real terminal: tmux on a private socket runs the fixture, capture-pane reads the screen.
const fixture = fileURLToPath(new URL('./fixtures/tui-on-real-terminal.ts', import.meta.url));
let dir = '';
let term: TmuxTerminal | undefined;

function tmux(...args: string[]): string {
  if (term === undefined) throw new Error('no tmux terminal is open');
  return term.tmux(...args);
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
  const status = join(dir, 'status');
  const command = `env NODE_ENV=production '${process.execPath}' '${fixture}'; echo $? > '${status}'; sleep 30`;
  term = openTmux({
    name: 'gatehouse-tui',
    session: 'tui',
    command,
    columns: 100,
    rows: 30,
    // `set-clipboard on`: tmux takes OSC 52 from the application into a paste buffer.
    config: 'set -g set-clipboard on\nset -g status off\n',
  });
});

afterAll(() => {
  term?.close();
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
