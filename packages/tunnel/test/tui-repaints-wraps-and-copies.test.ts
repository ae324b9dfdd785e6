import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadRenderTui } from '../src/index.ts';
import type { TmuxTerminal } from '@gatehouse/testing/tmux';
import { ALICE, eventually, openSshTui, startHarness } from '@gatehouse/testing/tunnel';
import type { Harness } from '@gatehouse/testing/tunnel';

// Issue 15 item 5, with the real ssh in a real 80×24 terminal (tmux): OpenSSH's own stderr lines
// (`connect_to … failed`) garbled the TUI until a resize, Ctrl-L did nothing, log lines were cut
// where the fix hint starts, the Remote URL was cut at 80 columns, and `c` copied it without
// `/mcp`. Item 15: a server stop leaves the TUI with the reason as the last line.

const REMOTE = `http://mcp.${ALICE.namespace}.localhost:8787`;
let term: TmuxTerminal | undefined;
const tmux = (...args: string[]): string => {
  if (term === undefined) throw new Error('no tmux terminal is open');
  return term.tmux(...args);
};
const screen = (): string => tmux('capture-pane', '-p', '-t', 'ssh');
const lines = (): string[] => screen().trimEnd().split('\n');

let h: Harness;
let deadPort: number;

beforeEach(async () => {
  // A port nothing listens on: every request through the tunnel fails on the user's side.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  deadPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  h = await startHarness({
    renderTui: await loadRenderTui(),
    defaultLocalAddress: `127.0.0.1:${deadPort}`,
  });
  term = openSshTui(h, {
    name: 'gatehouse-tui15',
    columns: 80,
    rows: 24,
    sshOptions: ['-o', 'EnableEscapeCommandline=yes'],
    then: 'sleep 60',
    config: 'set -g set-clipboard on\nset -g status off\n',
  });
  await eventually(() => screen().includes('ACTIVE'), 30_000);
});
afterEach(async () => {
  term?.close();
  term = undefined;
  await h.close();
});

/** The frame is whole: the header on the first line, the key help on the last, 24 lines. */
function frameIsWhole(): boolean {
  const shown = screen().split('\n');
  return (
    (shown[0] ?? '').includes('Gatehouse') &&
    (shown[23] ?? '').includes('quit') &&
    !screen().includes('connect_to') &&
    !screen().includes('FOREIGN')
  );
}

it('at 80×24 the whole Remote URL is on screen and c copies the MCP URL', async () => {
  expect(screen()).toContain(REMOTE);
  expect(screen()).not.toContain(`${REMOTE.slice(0, 30)}…`);
  tmux('send-keys', '-t', 'ssh', 'c');
  await eventually(() => {
    try {
      return tmux('show-buffer') === `${REMOTE}/mcp`;
    } catch {
      return false; // no buffer yet
    }
  }, 30_000);
  await eventually(() => screen().includes(`Copied ${REMOTE}/mcp`), 30_000);
}, 60_000);

it("a failed request: OpenSSH's own stderr line is painted over, the log line is wrapped, not cut", async () => {
  await expect(
    h.server.upstream.connect({ routeId: 'mcp', url: new URL(`tunnel://mcp.${ALICE.namespace}`) }),
  ).rejects.toThrow(/nothing is listening/);
  await eventually(() => screen().includes('nothing is listening'), 30_000);
  await eventually(frameIsWhole, 30_000);
  // The whole log line, fix hint included, wrapped over several lines of the Logs panel.
  const text = lines()
    .map((line) => line.replace(/^[│┃]\s?|\s*[│┃]$/g, '').trim())
    .join(' ');
  expect(text).toContain('point the tunnel elsewhere with ssh … -- --to <port>');
}, 60_000);

it('Ctrl-L repaints after output the TUI did not draw', async () => {
  const tty = tmux('display-message', '-p', '-t', 'ssh', '#{pane_tty}').trim();
  writeFileSync(tty, '\r\nFOREIGN line written straight to the terminal\r\n\r\n');
  await eventually(() => screen().includes('FOREIGN'), 30_000);
  tmux('send-keys', '-t', 'ssh', 'C-l');
  await eventually(frameIsWhole, 30_000);
}, 60_000);

it('~C -R echo:0: the ssh> prompt and its answer are painted over, the new route shows', async () => {
  tmux('send-keys', '-t', 'ssh', 'Enter');
  tmux('send-keys', '-t', 'ssh', '-l', '~C');
  await eventually(() => screen().includes('ssh>'), 30_000);
  tmux('send-keys', '-t', 'ssh', '-l', '--', '-R echo:0');
  tmux('send-keys', '-t', 'ssh', 'Enter');
  await eventually(() => h.server.isLive(ALICE.namespace, 'echo'), 30_000);
  await eventually(
    () => frameIsWhole() && !screen().includes('ssh>') && screen().includes('echo'),
    30_000,
  );
}, 60_000);

it('a server stop leaves the TUI and says why as the last line', async () => {
  await h.server.close();
  // tmux wraps long lines at 80 columns and capture-pane drops trailing spaces: compare the
  // text without any white space.
  const bare = (text: string): string => text.replace(/\s+/g, '');
  const said = bare(
    'gatehouse: the server is restarting or stopping, so this tunnel closed. Run the same ssh command again to reconnect',
  );
  await eventually(() => bare(screen()).includes(said), 30_000);
  expect(screen()).not.toContain('Port Forward Status');
}, 60_000);
