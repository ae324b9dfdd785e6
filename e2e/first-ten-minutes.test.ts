import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  killAllSsh,
  makeKey,
  spawnSsh,
  spawnSshBare,
  type SshProcess,
  type TestKey,
  freePorts,
  portIsFree,
} from '@gatehouse/testing';
import { watchPage, type PageDiagnostics } from './support/devhost-oauth-diagnostics.ts';
import { allowOnConsentPage, consentPageText } from './support/devhost-oauth-gateway-pages.ts';
import { npmStart, ROOT, type StartedProcess } from './support/quickstart.ts';
import { VERIFY_URL } from './support/tunnel-system.ts';

// Issue 15: a newcomer's first ten minutes, replayed end to end with the README's commands in
// order: `npm start` (fresh data dir), the admin link in Chromium, `ssh -R 0` first without an SSH
// key (told how to make one), then with one, signed in through
// the browser, the MCP URL opened in the browser, the dev host connected in two tabs, the account
// page, Ctrl-C. Each step asserts that a symptom the issue lists is gone.

const OUTPUT = path.join(ROOT, '.output', 'first-ten-minutes');
const ADMIN = 'admin@localhost';
const PASSWORD = 'first ten minutes passphrase';
const REMOTE = /http:\/\/mcp\.[a-z]+-[a-z]+-\d+\.localhost:\d+/;
/** What made every stop look like a crash (item 3). */
const CRASH = /Assertion failed|Native stack trace|store is closed|"stack"|\n\s+at .+:\d+:\d+\)?\n/;

let dir: string;
let ports: number[];
let edge: number;
let devhost: number;
let system: StartedProcess;
let browser: Browser;
let page: Page;
let diagnostics: PageDiagnostics;
let key: TestKey;
let tunnel: SshProcess;
let remote: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-first-ten-'));
  mkdirSync(OUTPUT, { recursive: true });
  ports = await freePorts(6);
  edge = ports[0] ?? 0;
  devhost = ports[4] ?? 0;
  key = makeKey(dir, 'laptop');
  browser = await launchBrowser(process.env);
  page = await browser.context.newPage();
  diagnostics = watchPage(page);
});

afterAll(async () => {
  await killAllSsh();
  await browser?.close();
  if (system !== undefined && system.child.exitCode === null) {
    system.child.kill('SIGINT');
    const timer = setTimeout(() => system.child.kill('SIGKILL'), 30_000);
    await system.exited;
    clearTimeout(timer);
  }
  await rm(dir, { recursive: true, force: true });
});

const authUrl = () => `http://localhost:${String(edge)}`;

describe('the first ten minutes, as the README has them', () => {
  it('npm start on a fresh data dir is ready and prints the next steps, without warnings', async () => {
    const [e, ssh, mcp, widgets, host, sandbox] = ports.map(String);
    system = npmStart([
      '--data-dir',
      path.join(dir, 'data'),
      ...['--edge-port', e ?? '', '--ssh-port', ssh ?? '', '--mcp-port', mcp ?? ''],
      ...['--widgets-port', widgets ?? '', '--devhost-port', host ?? ''],
      ...['--sandbox-port', sandbox ?? ''],
    ]);
    await system.waitFor(/Ready in \d+\.\d s\./, 180_000);
    const out = system.output();
    expect(out).toContain(`ssh -p ${ssh ?? ''} -R 0 localhost`);
    // Item 14: no vite chunk-size warning from the dev host build or the template.
    expect(out).not.toMatch(/larger than \d+ kB/);
    expect(out).not.toMatch(CRASH);
  });

  it('Chromium opens the admin link and creates the account', async () => {
    const [link = ''] = await system.waitFor(/http:\/\/localhost:\d+\/signin\/link\?token=[\w-]+/);
    await page.goto(link);
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect.poll(() => page.locator('body').innerText(), { timeout: 20_000 }).toContain(ADMIN);
  });

  it('ssh -R 0 on a machine without an SSH key says how to make one (item 1)', async () => {
    // A fresh HOME (no ~/.ssh), no agent: what a newcomer without a key runs first.
    const home = path.join(dir, 'home-without-key');
    mkdirSync(home);
    const noKey = spawnSshBare(
      [
        ...['-F', '/dev/null', '-p', String(ports[1] ?? 0)],
        ...['-o', 'IdentitiesOnly=yes', '-o', 'IdentityFile=/nonexistent'],
        ...['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null'],
        ...['-R', '0', 'localhost'],
      ],
      { HOME: home, PATH: process.env.PATH ?? '' },
    );
    expect(await noKey.exited).toBe(255);
    expect(noKey.output()).toContain('Create one with `ssh-keygen -t ed25519`');
  });

  it('ssh -R 0 signs in through the browser; npm start prints the tunnel ACTIVE', async () => {
    tunnel = spawnSsh(ports[1] ?? 0, key, ['-R', '0', 'localhost']);
    const [verifyUrl = ''] = await tunnel.waitFor(VERIFY_URL, 30_000);
    await page.goto(verifyUrl);
    await page.getByLabel(/Remember me/).check();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await expect
      .poll(() => page.locator('body').innerText(), { timeout: 20_000 })
      .toContain('SSH sign-in authorized');
    const [line = ''] = await system.waitFor(/● Tunnel ACTIVE +\S+/, 30_000);
    remote = REMOTE.exec(line)?.[0] ?? '';
    expect(remote).not.toBe('');
  });

  it('the MCP URL opened in Chromium says what it is and how to connect (item 6)', async () => {
    const answer = await page.goto(`${remote}/mcp`);
    expect(answer?.status()).toBe(401);
    const text = await page.locator('body').innerText();
    expect(text).toContain('This is an MCP server');
    expect(text).toContain(`${remote}/mcp`);
    expect(text).not.toContain('invalid_token');
    await page.screenshot({ path: path.join(OUTPUT, 'mcp-url-in-browser.png') });
  });

  it('the dev host connects with one consent; a second tab connects without asking again (item 4)', async () => {
    const mcpUrl = `${remote}/mcp`;
    const [, link = ''] = /Try it in the dev host: (\S+)/.exec(system.output()) ?? [];
    try {
      await page.goto(link);
      const input = page.getByLabel('MCP server URL');
      await expect.poll(() => input.inputValue(), { timeout: 20_000 }).toBe(mcpUrl);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      const consent = await consentPageText(page, authUrl());
      expect(consent).toContain(mcpUrl);
      // npm start's own dev host: no "any program could be listening" warning (item 4).
      expect(consent).not.toContain('Any program on this machine could be listening');
      await page.screenshot({ path: path.join(OUTPUT, 'consent.png') });
      await allowOnConsentPage(page);
      await page.waitForURL((url) => url.port === String(devhost), { timeout: 30_000 });
      await page.getByRole('button', { name: /^echo/i }).first().waitFor({ timeout: 30_000 });

      // A new tab: the same registration, the consent remembered: straight back, no consent page.
      const second = await browser.context.newPage();
      const seen: string[] = [];
      second.on('framenavigated', (frame) => {
        if (frame === second.mainFrame()) seen.push(frame.url());
      });
      await second.goto(link);
      await expect
        .poll(() => second.getByLabel('MCP server URL').inputValue(), { timeout: 20_000 })
        .toBe(mcpUrl);
      await second.getByRole('button', { name: 'Connect', exact: true }).click();
      await second.getByRole('button', { name: /^echo/i }).first().waitFor({ timeout: 30_000 });
      expect(seen.filter((u) => u.includes('/oauth/interaction/'))).toEqual([]);
      await second.close();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\n--- what the browser saw ---\n${diagnostics.report()}`, {
        cause: error,
      });
    }
  });

  it('the account page lists the dev host once', async () => {
    await page.goto(`${authUrl()}/account`);
    await page.screenshot({ path: path.join(OUTPUT, 'account.png'), fullPage: true });
    // Two tabs connected: still one client (one registration), not one per tab.
    const rows = page.locator('tr', { hasText: 'Gatehouse dev host' });
    expect(await rows.count()).toBe(1);
    // With when it was allowed and when it was last used.
    expect(
      await page.locator('table[aria-labelledby="clients"] th', { hasText: 'Last used' }).count(),
    ).toBe(1);
    expect(await rows.first().innerText()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC[\s\S]*UTC/);
  });

  it('Ctrl-C with the tunnel connected stops everything in one clean line (item 3)', async () => {
    const mark = system.output().length;
    system.child.kill('SIGINT');
    expect(await system.exited, system.output().slice(-3000)).toBe(0);
    const stop = system.output().slice(mark);
    writeFileSync(path.join(OUTPUT, 'npm-start.txt'), system.output());
    expect(stop).not.toMatch(CRASH);
    expect(stop.split('\n').filter((l) => l.trim() !== '')).toEqual(['Stopping… Stopped.']);
    // The ssh client was told and ended; every port is free again.
    expect(await tunnel.exited).not.toBeNull();
    for (const port of ports) expect(await portIsFree(port), `port ${String(port)}`).toBe(true);
  });
});
