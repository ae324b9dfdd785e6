import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client as BrowserLike } from '@gatehouse/testing/gateway';
import { makeKey, sshArgs, type TestKey, freePorts, portIsFree } from '@gatehouse/testing';
import { eventually } from '@gatehouse/testing/tunnel';
import { watchPage, type PageDiagnostics } from './support/devhost-oauth-diagnostics.ts';
import { allowOnConsentPage, consentPageText } from './support/devhost-oauth-gateway-pages.ts';
import { runInspector } from './support/mcp-inspector.ts';
import { connectWithOAuth, localFetch, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { LOCALHOST_RESOLVER, npmStart, ROOT, type StartedProcess } from './support/quickstart.ts';
import { VERIFY_URL } from './support/tunnel-system.ts';

// Issue 8: the seed's Quick Start on one machine, as a newcomer runs it. `npm start` (the real
// script, a fresh data dir), the real OpenSSH client in a real terminal (tmux) with a new key,
// Chromium for every browser step, the dev host as the MCP Apps host, the MCP Inspector CLI.
// The steps run in order and share state, like the person following the guide.

const OUTPUT = path.join(ROOT, '.output', 'quickstart');
const ADMIN = 'admin@localhost';
const ADMIN_PASSWORD = 'quick start admin passphrase';
const BOB = 'bob@example.com';
const BOB_PASSWORD = 'bob has a passphrase too';
const REMOTE = /http:\/\/mcp\.[a-z]+-[a-z]+-\d+\.localhost:\d+/;
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const socket = `gatehouse-quickstart-${String(process.pid)}`;
const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const screen = (): string => tmux('capture-pane', '-p', '-J', '-t', 'ssh');

let dir: string;
let ports: { edge: number; ssh: number; mcp: number; widgets: number; devhost: number };
let sandboxPort: number;
let system: StartedProcess;
let browser: Browser;
let page: Page;
let diagnostics: PageDiagnostics;
let key: TestKey;
let remote: string;
const adminClient = new MemoryOAuthProvider();

/** The user's tunnel terminal: `ssh -R 0 -p <ssh> localhost` on a 160×45 tmux pane. */
function openTunnelTerminal(): void {
  const command = ['/usr/bin/ssh', ...sshArgs(ports.ssh, key, ['-R', '0', 'localhost'])]
    .map((word) => `'${word}'`)
    .join(' ');
  tmux('new-session', '-d', '-x', '160', '-y', '45', '-s', 'ssh', `${command}; sleep 60`);
}

function closeTunnelTerminal(): void {
  try {
    tmux('kill-server');
  } catch {
    // not running
  }
}

/** Waits until the tunnel terminal shows `wanted`; fails with what it shows instead. */
async function terminalShows(wanted: (text: string) => boolean, what: string): Promise<string> {
  try {
    await eventually(() => wanted(screen()), 15_000);
  } catch {
    throw new Error(`the ssh terminal never showed ${what}; it shows:\n${screen()}`);
  }
  return screen();
}

const view = (p: Page): FrameLocator => p.frameLocator('#proxy').frameLocator('#view');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-quickstart-'));
  mkdirSync(OUTPUT, { recursive: true });
  const [edge = 0, ssh = 0, mcp = 0, widgets = 0, devhost = 0, sandbox = 0] = await freePorts(6);
  ports = { edge, ssh, mcp, widgets, devhost };
  sandboxPort = sandbox;
  key = makeKey(dir, 'laptop');
  browser = await launchBrowser(process.env);
  page = await browser.context.newPage();
  diagnostics = watchPage(page);
});

afterAll(async () => {
  closeTunnelTerminal();
  await browser?.close();
  if (system !== undefined && system.child.exitCode === null) {
    // Ctrl-C first, so npm start stops the template's processes too; SIGKILL only if it hangs.
    system.child.kill('SIGINT');
    const timer = setTimeout(() => system.child.kill('SIGKILL'), 15_000);
    await system.exited;
    clearTimeout(timer);
  }
  await rm(dir, { recursive: true, force: true });
});

describe('the quick start: npm start, ssh -R 0, sign in, connect, call echo', () => {
  it('npm start brings up server, tunnel endpoint, template and dev host, then prints the next steps', async () => {
    system = npmStart([
      '--data-dir',
      path.join(dir, 'data'),
      '--edge-port',
      String(ports.edge),
      '--ssh-port',
      String(ports.ssh),
      '--mcp-port',
      String(ports.mcp),
      '--widgets-port',
      String(ports.widgets),
      '--devhost-port',
      String(ports.devhost),
      '--sandbox-port',
      String(sandboxPort),
    ]);
    await system.waitFor(/Ready in \d+\.\d s\./, 120_000);
    const out = system.output();
    expect(out).toContain(`✓ Gatehouse server`);
    expect(out).toContain(`http://localhost:${String(ports.edge)} · SSH port ${String(ports.ssh)}`);
    expect(out).toContain(`✓ MCP server           http://localhost:${String(ports.mcp)}/mcp`);
    expect(out).toContain(`✓ Widget dev server    http://localhost:${String(ports.widgets)}`);
    expect(out).toContain(`✓ Dev host             http://localhost:${String(ports.devhost)}`);
    expect(out).toContain(`ssh -p ${String(ports.ssh)} -R 0 localhost`);
    expect(out).toMatch(/What to do next/);
    writeFileSync(path.join(OUTPUT, 'npm-start.txt'), out);
  });

  it('Chromium opens the one-time link and creates the admin account', async () => {
    const [link = ''] = await system.waitFor(/http:\/\/localhost:\d+\/signin\/link\?token=[\w-]+/);
    await page.goto(link);
    await page.getByLabel('New password').fill(ADMIN_PASSWORD);
    await page.getByLabel('Repeat the password').fill(ADMIN_PASSWORD);
    await page.screenshot({ path: path.join(OUTPUT, '1-set-password.png') });
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain(ADMIN);
    // The link works once.
    const again = await page.goto(link);
    expect(again?.status()).toBeGreaterThanOrEqual(400);
  });

  it('ssh -R 0 with a new key shows a sign-in URL; Chromium authorizes it; the TUI shows ACTIVE and the Remote URL', async () => {
    openTunnelTerminal();
    const [verifyUrl = ''] =
      VERIFY_URL.exec(await terminalShows((text) => VERIFY_URL.test(text), 'a sign-in URL')) ?? [];
    writeFileSync(path.join(OUTPUT, '2-ssh-sign-in.txt'), screen());
    await page.goto(verifyUrl);
    expect(await page.locator('body').innerText()).toContain(key.fingerprint);
    await page.getByLabel(/Remember me/).check();
    await page.screenshot({ path: path.join(OUTPUT, '3-authorize-ssh.png') });
    await page.getByRole('button', { name: 'Authorize' }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('SSH sign-in authorized');

    const tui = await terminalShows(
      (text) => text.includes('ACTIVE') && REMOTE.test(text),
      'ACTIVE and a Remote URL',
    );
    writeFileSync(path.join(OUTPUT, '4-tui-active.txt'), tui);
    remote = REMOTE.exec(tui)?.[0] ?? '';
    // Approving in the browser was enough, as on pom.run: the terminal never asked for Enter.
    expect(tui).not.toContain('press Enter');
    expect(tui).toMatch(new RegExp(`ACTIVE.*${literal(remote)}`));
    expect(tui).toContain(`localhost:${String(ports.mcp)}`);
    // npm start's terminal says it too, with the MCP URL and a dev host link for it.
    await system.waitFor(
      new RegExp(`● Tunnel ACTIVE +${literal(remote)} → localhost:${String(ports.mcp)}`),
    );
    expect(system.output()).toContain(`MCP URL: ${remote}/mcp`);
  });

  it('the dev host connects to Remote URL + /mcp with OAuth and consent; echo renders its widget', async () => {
    const mcpUrl = `${remote}/mcp`;
    const [, devhostLink = ''] = /Try it in the dev host: (\S+)/.exec(system.output()) ?? [];
    expect(devhostLink).toBe(
      `http://localhost:${String(ports.devhost)}/?server=${encodeURIComponent(mcpUrl)}`,
    );
    try {
      await page.goto(devhostLink);
      const input = page.getByLabel('MCP server URL');
      await expect.poll(() => input.inputValue(), { timeout: 10_000 }).toBe(mcpUrl);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      // Chromium is signed in at the auth host already: straight to the consent page.
      const consent = await consentPageText(page, `http://localhost:${String(ports.edge)}`);
      expect(consent).toContain(mcpUrl);
      await page.screenshot({ path: path.join(OUTPUT, '5-consent.png') });
      await allowOnConsentPage(page);
      await page.waitForURL((url) => url.port === String(ports.devhost), { timeout: 15_000 });
      await page.getByRole('button', { name: /^echo/i }).first().click({ timeout: 15_000 });
      await page.getByLabel('message', { exact: true }).fill('today is a great day');
      await page.getByRole('button', { name: 'Call tool' }).click();
      await expect
        .poll(() => view(page).locator('#echo-root').innerText(), { timeout: 20_000 })
        .toContain('today is a great day');
      await page.screenshot({ path: path.join(OUTPUT, '6-echo-widget.png') });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\n--- what the browser saw ---\n${diagnostics.report()}`, {
        cause: error,
      });
    }
  });

  it('the MCP Inspector CLI lists the tools with an issued token', async () => {
    const mcpUrl = `${remote}/mcp`;
    const { client } = await connectWithOAuth({
      mcpUrl,
      provider: adminClient,
      browser: new BrowserLike(),
      credentials: { email: ADMIN, password: ADMIN_PASSWORD },
    });
    await client.close();
    const token = adminClient.tokens()?.access_token ?? '';
    expect(token).toMatch(/^ey/);
    const listed = await runInspector(
      [
        mcpUrl,
        '--transport',
        'http',
        '--header',
        `Authorization: Bearer ${token}`,
        '--method',
        'tools/list',
        '--format',
        'json',
      ],
      { nodeOptions: `--import ${LOCALHOST_RESOLVER}` },
    );
    expect(listed.code, listed.stderr).toBe(0);
    const out = JSON.parse(listed.stdout) as { result: { tools: { name: string }[] } };
    expect(out.result.tools.map((t) => t.name)).toContain('echo');
  });

  it('a second user, not allowed on the tunnel, is denied', async () => {
    const add = spawn(
      process.execPath,
      [
        path.join(ROOT, 'packages/cli/src/main.ts'),
        'users',
        'add',
        BOB,
        '--password-stdin',
        '--data-dir',
        path.join(dir, 'data'),
      ],
      { stdio: ['pipe', 'ignore', 'inherit'] },
    );
    add.stdin.end(`${BOB_PASSWORD}\n`);
    expect(await new Promise((r) => add.once('close', r))).toBe(0);
    // Bob signs in, but the tunnel lets only its owner in: refused before any token exists.
    const bobTries = async () => {
      const { client } = await connectWithOAuth({
        mcpUrl: `${remote}/mcp`,
        provider: new MemoryOAuthProvider(),
        browser: new BrowserLike(),
        credentials: { email: BOB, password: BOB_PASSWORD },
      });
      try {
        return await client.callTool({ name: 'echo', arguments: { message: 'let me in' } });
      } finally {
        await client.close();
      }
    };
    await expect(bobTries()).rejects.toThrow(/authorization stopped at .* with 403/);
  });

  it('ssh gone → "tunnel offline"; the same key reconnects without signing in and the same URL works again', async () => {
    const token = adminClient.tokens()?.access_token ?? '';
    const listTools = () =>
      localFetch(`${remote}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    const mark = system.output().length;
    closeTunnelTerminal();
    await system.waitFor(new RegExp(`○ Tunnel offline +${literal(remote)}`), 10_000, mark);
    const offline = await listTools();
    expect(
      offline.status,
      `${offline.headers.get('www-authenticate') ?? ''} ${await offline.clone().text()}`,
    ).toBe(503);
    expect(JSON.stringify(await offline.json())).toMatch(/offline/i);
    // A browser (here with the admin's token) gets a page that says so.
    const offlinePage = await localFetch(`${remote}/`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/html' },
    });
    expect(offlinePage.status).toBe(503);
    expect(await offlinePage.text()).toContain('Tunnel offline');

    const back = system.output().length;
    openTunnelTerminal();
    await terminalShows((text) => text.includes('ACTIVE') && text.includes(remote), 'ACTIVE');
    expect(screen()).not.toMatch(VERIFY_URL);
    await system.waitFor(new RegExp(`● Tunnel ACTIVE +${literal(remote)}`), 10_000, back);
    // The admin's MCP client, with the tokens it already has, calls echo at the same URL.
    const { client } = await connectWithOAuth({
      mcpUrl: `${remote}/mcp`,
      provider: adminClient,
      browser: new BrowserLike(),
      credentials: { email: ADMIN, password: ADMIN_PASSWORD },
    });
    try {
      const result = await client.callTool({
        name: 'echo',
        arguments: { message: 'today is a great day' },
      });
      expect(JSON.stringify(result.content)).toContain('Echo: today is a great day');
    } finally {
      await client.close();
    }
  });

  it('Ctrl-C stops everything and frees every port', async () => {
    closeTunnelTerminal();
    system.child.kill('SIGINT');
    expect(await system.exited, system.output().slice(-3000)).toBe(0);
    writeFileSync(path.join(OUTPUT, 'npm-start.txt'), system.output());
    expect(system.output()).toContain('Stopped.');
    for (const port of [...Object.values(ports), sandboxPort]) {
      expect(await portIsFree(port), `port ${String(port)}`).toBe(true);
    }
  });
});
