import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client as BrowserLike } from '@gatehouse/testing/gateway';
import { sshArgs, spawnSsh, type TestKey } from '@gatehouse/testing';
import { eventually } from '@gatehouse/testing/tunnel';
import { startTunnelSystem, type TunnelSystem } from './support/tunnel-system.ts';

// The three ways a user's ssh shows the tunnel, against the whole Gatehouse system: the ink TUI
// on a real terminal (tmux), plain lines without a pty (-T), nothing but the forward (-N).

const ADA = 'ada@example.com';
const OUTPUT = path.resolve(import.meta.dirname, '..', '.output', 'e2e');
const socket = `gatehouse-e2e-tui-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', 'ssh');

let t: TunnelSystem;
let ada: BrowserLike;
let key: TestKey;
let remote: string;

beforeAll(async () => {
  t = await startTunnelSystem();
  ada = await t.signedInBrowser(ADA);
  key = t.key('ada');
});
afterEach(async () => {
  try {
    const socketPath = tmux('display-message', '-p', '#{socket_path}').trim();
    tmux('kill-server');
    rmSync(socketPath, { force: true });
  } catch {
    // no tmux server was started, or it is gone already
  }
  await t.killSsh();
});
afterAll(async () => {
  await t.close();
});

describe('what ssh shows of the tunnel', () => {
  it('-N: no session channel, the tunnel stays up; the URL is on the sign-in answer and the account page', async () => {
    const { ssh, page } = await t.signIn(key, ada, ['-N', '-R', '0', '127.0.0.1'], {
      remember: true,
    });
    await t.waitLive(ADA);
    remote = await t.remoteUrl(ADA);
    expect(page.body).toContain(remote);
    const account = await ada.request(`${t.authUrl}/account`, { headers: { accept: 'text/html' } });
    expect(account.body).toContain(remote);
    expect(account.body).toContain(key.fingerprint);
    expect(ssh.output()).not.toContain('ACTIVE');
    expect(ssh.child.exitCode).toBeNull();
  });

  it('-T: plain lines with the Remote URL, no terminal control codes', async () => {
    const ssh = spawnSsh(t.sshPort, key, ['-T', '-R', '0', '127.0.0.1']);
    await ssh.waitFor(
      new RegExp(`ACTIVE {2}${remote.replaceAll('.', '\\.')} {2}→ {2}localhost:8080\n`),
    );
    expect(ssh.output()).toContain(`session`);
    expect(ssh.output()).not.toContain('\u001b[');
  });

  it('on a terminal: the TUI shows its panels and the ACTIVE row with the Remote URL; q quits', async () => {
    const command = ['/usr/bin/ssh', ...sshArgs(t.sshPort, key, ['-tt', '-R', '0', '127.0.0.1'])]
      .map((word) => `'${word}'`)
      .join(' ');
    tmux(
      'new-session',
      '-d',
      '-x',
      '120',
      '-y',
      '35',
      '-s',
      'ssh',
      `${command}; echo "exit=$?"; sleep 30`,
    );
    await eventually(() => screen().includes('ACTIVE') && screen().includes(remote), 10_000);
    const shown = screen();
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(path.join(OUTPUT, 'tunnel-tui.txt'), shown);
    for (const text of [
      'Gatehouse',
      ADA,
      'Active Connections',
      'Client Requests',
      'Port Forward Status',
      'Logs',
      'localhost:8080',
    ]) {
      expect(shown).toContain(text);
    }
    expect(shown).toMatch(new RegExp(`ACTIVE.*${remote.replaceAll('.', '\\.')}`));
    expect(t.system.tunnel?.list()).toHaveLength(1);

    tmux('send-keys', '-t', 'ssh', 'q');
    await eventually(() => /exit=0/.test(screen()), 10_000);
    await eventually(() => t.system.tunnel?.list().length === 0);
  });
});
