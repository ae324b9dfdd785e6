import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadRenderTui } from '../src/index.ts';
import { sshArgs } from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

// End to end: the real ssh in a real terminal (tmux), the real ink TUI drawn by this server.
const socket = `gatehouse-tunnel-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', 'ssh');

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ renderTui: await loadRenderTui() });
});
afterEach(async () => {
  try {
    const socketPath = tmux('display-message', '-p', '#{socket_path}').trim();
    tmux('kill-server');
    rmSync(socketPath, { force: true });
  } catch {
    // already gone
  }
  await h.close();
});

it('ssh -R 0 on a terminal shows the TUI with the ACTIVE Remote URL; q ends ssh', async () => {
  const key = h.key('alice');
  h.accounts.bind(key.fingerprint, ALICE);
  const command = ['/usr/bin/ssh', ...sshArgs(h.port, key, ['-R', '0', '127.0.0.1'])]
    .map((w) => `'${w}'`)
    .join(' ');
  tmux(
    'new-session',
    '-d',
    '-x',
    '120',
    '-y',
    '30',
    '-s',
    'ssh',
    `${command}; echo "exit=$?"; sleep 30`,
  );
  await eventually(() => /ACTIVE/.test(screen()), 10_000);
  expect(screen()).toContain('http://mcp.brave-otter-123.localhost:8787');
  expect(screen()).toContain('alice@example.com');
  tmux('send-keys', '-t', 'ssh', 'q');
  await eventually(() => /exit=0/.test(screen()), 10_000);
}, 20_000);
