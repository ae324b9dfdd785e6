import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpExchange } from '@gatehouse/core';
import { sshArgs, spawnSsh, type TestKey } from '@gatehouse/testing';
import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import { PASSWORD, type Client as BrowserLike } from '@gatehouse/testing/gateway';
import { eventually } from '@gatehouse/testing/tunnel';
import { startInspectorServer, type InspectorServer } from './support/inspector-server.ts';
import { connectWithOAuth, localFetch, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { startTunnelSystem, type TunnelSystem } from './support/tunnel-system.ts';

// Issue 16, the views on the gateway's REAL capture (no substitute inspector): the real OpenSSH
// client serves the template's MCP endpoint through `ssh -R 0` drawn in a real terminal (tmux);
// the MCP SDK v2 client calls a tool in both eras with a token in an `api_key` argument and in a
// header. Each call shows live in the TUI's panel [5], on /inspect in Chromium (no reload) and in
// `ssh … inspect --json`, with the token masked everywhere; a replay from the page reaches the
// local server once.

const ADA = 'ada@example.com';
const SECRET = 'sk-live-3d9a71c0e5f2-never-show-me';
const HEADER_SECRET = 'hdr-token-8b2c4e6a-never-show-me';
const socket = `gatehouse-views-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', 'ssh');
const keys = (...k: string[]): void => void tmux('send-keys', '-t', 'ssh', ...k);

/** True while the same document is loaded: set before, read after (no reload in between). */
const MARK = `document.documentElement.dataset.sameDocument`;

let t: TunnelSystem;
let local: InspectorServer;
let ada: BrowserLike;
let adaKey: TestKey;
let remote: string;
let browser: Browser;
let page: Page;
const providers = { modern: new MemoryOAuthProvider(), legacy: new MemoryOAuthProvider() };

/** Every request of the SDK client carries a token in a custom header too. */
const fetchWithSecretHeader = ((url: string | URL, init?: RequestInit) => {
  const headers = new Headers(init?.headers);
  headers.set('x-api-key', HEADER_SECRET);
  return localFetch(url, { ...init, headers });
}) as typeof fetch;

async function callLookup(modern: boolean, query: string): Promise<void> {
  const { client } = await connectWithOAuth({
    mcpUrl: `${remote}/mcp`,
    provider: modern ? providers.modern : providers.legacy,
    browser: ada,
    credentials: { email: ADA, password: PASSWORD },
    modern,
    fetch: fetchWithSecretHeader,
  });
  try {
    await client.callTool({ name: 'lookup', arguments: { query, api_key: SECRET } });
  } finally {
    await client.close();
  }
}

/** The ssh of the tunnel, in a real terminal: the TUI with its panel [5] MCP Calls. */
function startTuiSsh(localAddress: string): void {
  const args = ['-tt', '-R', '0', '127.0.0.1', '--', '--to', localAddress];
  const command = ['/usr/bin/ssh', ...sshArgs(t.sshPort, adaKey, args)]
    .map((word) => `'${word}'`)
    .join(' ');
  tmux('new-session', '-d', '-x', '140', '-y', '45', '-s', 'ssh', `${command}; sleep 60`);
}

/**
 * Opens [5]'s JSON view of a `tools/call lookup`: the newest call is selected; each try moves up
 * one (the initialize/GET of the same session may have landed after it).
 */
async function openLookupDetail(): Promise<void> {
  for (let tries = 0; tries < 8; tries += 1) {
    keys('Enter');
    // Loaded (no longer `Loading…`): the detail's key line is drawn with its bodies.
    await eventually(() => /Esc back/.test(screen()), 30_000);
    try {
      await eventually(() => /"name": "lookup"/.test(screen()), 2_000);
      return;
    } catch {
      keys('Escape');
      await eventually(() => /enter JSON/.test(screen()), 30_000);
      keys('Up');
    }
  }
  throw new Error(`no tools/call lookup in [5]:\n${screen()}`);
}

const callRows = () => page.locator('#calls tr');
// Playwright's hasText reads textContent (cells run together); innerText keeps the tabs.
const lookupRows = () => callRows().filter({ hasText: /tools\/calllookup200/ });

beforeAll(async () => {
  local = await startInspectorServer();
  t = await startTunnelSystem();
  ada = await t.signedInBrowser(ADA);
  adaKey = t.key('ada');
  const localAddress = new URL(local.url).host;
  // Bind the key once (device sign-in), then serve the tunnel from the TUI in tmux.
  await t.signIn(adaKey, ada, ['-N', '-R', '0', '127.0.0.1'], { remember: true });
  await t.waitLive(ADA, 'mcp', 30_000);
  await t.killSsh();
  startTuiSsh(localAddress);
  await t.waitLive(ADA, 'mcp', 60_000, localAddress);
  remote = await t.remoteUrl(ADA);
  await eventually(() => /ACTIVE/.test(screen()) && /MCP Calls/.test(screen()), 60_000);

  browser = await launchBrowser(process.env);
  page = await browser.context.newPage();
  await page.goto(`${t.authUrl}/inspect`);
  await page.waitForURL(/\/signin/);
  await page.getByLabel('Email').fill(ADA);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/inspect/);
  await page.getByText('Live: new calls appear at the top.').waitFor({ timeout: 60_000 });
  await page.evaluate(`${MARK} = 'yes'`);
}, 180_000);
afterAll(async () => {
  try {
    const socketPath = tmux('display-message', '-p', '#{socket_path}').trim();
    tmux('kill-server');
    rmSync(socketPath, { force: true });
  } catch {
    // no tmux server was started, or it is gone already
  }
  await browser?.close();
  await t?.killSsh();
  await t?.close();
  await local?.close();
});

describe('the inspector views on real tunnel traffic', () => {
  it('/inspect in Chromium lists each call live, without reload, and shows no token', async () => {
    expect(await page.getByText('No MCP calls yet').isVisible()).toBe(true);
    await callLookup(true, 'modern era');
    await expect.poll(() => lookupRows().count(), { timeout: 60_000 }).toBe(1);
    await callLookup(false, 'legacy era');
    await expect.poll(() => lookupRows().count(), { timeout: 60_000 }).toBe(2);
    expect(await lookupRows().first().innerText()).toMatch(
      /tools\/call\s+lookup\s+200\s+\d+ ms\s+allow/,
    );
    expect(await page.evaluate(MARK)).toBe('yes');
    // The local server got the token: masking is in the capture only.
    expect(local.lookups.map((l) => l.api_key)).toEqual([SECRET, SECRET]);
    const html = await page.content();
    for (const secret of [SECRET, HEADER_SECRET]) expect(html).not.toContain(secret);

    // The detail pane has the bodies and headers, masked.
    await lookupRows().first().getByRole('link').click();
    await page.locator('#detail').waitFor({ timeout: 30_000 });
    expect(await page.locator('#request-body').innerText()).toContain('"name": "lookup"');
    const headers = await page.getByRole('table', { name: 'Request headers (masked)' }).innerText();
    expect(headers).toMatch(/x-api-key\s+\[masked\]/);
    expect(headers).toMatch(/authorization\s+\[masked\]/);
    const detail = await page.content();
    expect(detail).toContain('[masked]');
    for (const secret of [SECRET, HEADER_SECRET]) expect(detail).not.toContain(secret);
  }, 180_000);

  it('the TUI panel [5] MCP Calls shows the calls, its JSON masked, and r refuses a masked call', async () => {
    await eventually(
      () => (screen().match(/tools\/call +lookup +200 +\S+ +allow/g) ?? []).length >= 2,
      60_000,
    );
    keys('Tab', 'Tab'); // [3] → [4] → [5]
    await eventually(() => /enter JSON/.test(screen()), 30_000);
    await openLookupDetail();
    const detail = screen();
    expect(detail).toContain('[masked]');
    for (const secret of [SECRET, HEADER_SECRET]) expect(detail).not.toContain(secret);
    // `r` on a call whose api_key was masked is refused: "[masked]" is never sent upstream.
    const before = local.lookups.length;
    keys('r');
    await eventually(() => /has masked values/.test(screen()), 30_000);
    expect(local.lookups.length).toBe(before);
    keys('Escape');
    await eventually(() => /enter JSON/.test(screen()), 30_000);
  }, 120_000);

  it('`ssh … inspect --json` prints both calls; the token in no log line or file', async () => {
    const ssh = spawnSsh(t.sshPort, adaKey, [
      '-o',
      'LogLevel=ERROR',
      '127.0.0.1',
      'inspect',
      '--json',
    ]);
    expect(await ssh.exited).toBe(0);
    const out = ssh.output();
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as McpExchange);
    const lookups = lines.filter((l) => l.method === 'tools/call' && l.target === 'lookup');
    expect(lookups.map((l) => l.protocolEra).sort()).toEqual(['legacy', 'modern']);
    // The lines are summaries (no bodies); the token is in none of them, nor in any log line,
    // nor in any file of the data dir (the SQLite store with its WAL).
    const logs = JSON.stringify(t.logger.lines);
    const files = (await readdir(t.dataDir, { recursive: true, withFileTypes: true })).filter((f) =>
      f.isFile(),
    );
    expect(files.some((f) => f.name.startsWith('gatehouse.db'))).toBe(true);
    const disk = (
      await Promise.all(files.map((f) => readFile(join(f.parentPath, f.name), 'latin1')))
    ).join('\n');
    for (const secret of [SECRET, HEADER_SECRET]) {
      expect(out).not.toContain(secret);
      expect(logs).not.toContain(secret);
      expect(disk).not.toContain(secret);
    }
  }, 60_000);

  it('a replay from the page reaches the local server once, shows beside the original and live in [5]', async () => {
    await page.goto(`${t.authUrl}/inspect`);
    await lookupRows().first().getByRole('link').click();
    await page.locator('#detail').waitFor({ timeout: 30_000 });
    const before = local.lookups.length;
    await page.getByLabel('Arguments (JSON object)').fill('{"query": "replayed from the page"}');
    await page.getByLabel(/Call the tool again/).check();
    await page.getByRole('button', { name: 'Replay' }).click();
    await page
      .getByRole('heading', { name: 'Replay compared with the original' })
      .waitFor({ timeout: 60_000 });
    expect(await page.locator('#replay-body').innerText()).toContain(
      'found: replayed from the page',
    );
    expect(local.lookups.slice(before)).toEqual([{ query: 'replayed from the page' }]);
    // The replay is a captured call too: panel [5] shows it live.
    await eventually(() => /tools\/call \(replay\) +lookup +200/.test(screen()), 60_000);
    const html = await page.content();
    for (const secret of [SECRET, HEADER_SECRET]) expect(html).not.toContain(secret);
  }, 120_000);
});
