import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { killAllSsh, spawnSshBare } from '@gatehouse/testing';
import { startHarness, type Harness } from '@gatehouse/testing/tunnel';

// Issue 15 item 1: a newcomer without an SSH key used to get only "Permission denied
// (publickey)." The server now offers keyboard-interactive to such a client, only to say how to
// make a key.

let h: Harness;
let home: string;
beforeEach(async () => {
  h = await startHarness();
  home = await mkdtemp(join(tmpdir(), 'gatehouse-no-key-home-'));
});
afterEach(async () => {
  await killAllSsh();
  await h.close();
  await rm(home, { recursive: true, force: true });
});

const noKeyArgs = (port: number, extra: readonly string[] = []): string[] => [
  '-F',
  '/dev/null',
  '-p',
  String(port),
  '-o',
  'IdentitiesOnly=yes',
  '-o',
  'IdentityFile=/nonexistent',
  '-o',
  'StrictHostKeyChecking=no',
  '-o',
  'UserKnownHostsFile=/dev/null',
  '-o',
  'ConnectTimeout=10',
  ...extra,
  '-R',
  '0',
  '127.0.0.1',
];

it('ssh -R 0 without any key is told to run ssh-keygen -t ed25519, then denied', async () => {
  // A fresh HOME (no ~/.ssh) and no agent: exactly a first-time user's machine.
  const ssh = spawnSshBare(noKeyArgs(h.port), { HOME: home, PATH: process.env.PATH ?? '' });
  const code = await ssh.exited;
  const output = ssh.output();
  expect(code).toBe(255);
  expect(output).toContain('No SSH key');
  expect(output).toContain('Gatehouse signs you in with an SSH key');
  expect(output).toContain('Create one with `ssh-keygen -t ed25519` and run the command again.');
  expect(output).toContain('Permission denied (publickey)');
  // Said once, not once per keyboard-interactive retry.
  expect(output.split('ssh-keygen -t ed25519').length - 1).toBe(1);
}, 60_000);
