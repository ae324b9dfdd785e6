import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpExchange } from '@gatehouse/core';
import { createDevHost, type DevHost } from '@gatehouse/devhost';
import { spawnSsh, type SshProcess, type TestKey } from '@gatehouse/testing';
import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import { PASSWORD } from '@gatehouse/testing/gateway';
import { watchPage, type PageDiagnostics } from './support/devhost-oauth-diagnostics.ts';
import { allowOnConsentPage, signInAtGateway } from './support/devhost-oauth-gateway-pages.ts';
import { startEchoWithApiKey, type EchoWithApiKey } from './support/echo-with-api-key.ts';
import { DEVHOST_APP } from './support/servers.ts';
import { startTunnelSystem, type TunnelSystem } from './support/tunnel-system.ts';

// Issue 16, "the dev host in Chromium" as a traffic source: the real OpenSSH client serves a
// local MCP App (the template's echo widget) through `ssh -R 0`; the dev host, in real Chromium,
// connects to the tunnel route, runs the gateway's OAuth (sign-in, consent), and the user calls
// `echo` from its form with a token in the `api_key` field. The call shows in
// `ssh … inspect --json` with the dev host's client name and version, the tool and status 200,
// and neither that token nor the dev host's bearer token is in any view, the ring or the log.

const ADA = 'ada@example.com';
const SECRET = 'sk-live-devhost-4f2e9a1c-never-show-me';
/** An `inspect --json` line of the finished echo call (key order is not part of the format). */
const ECHO_DONE = /^(?=.*"target":"echo")(?=.*"inProgress":false).*$/m;
const OUTPUT_DIR = path.resolve(import.meta.dirname, '..', '.output', 'e2e');

let t: TunnelSystem;
let local: EchoWithApiKey;
let adaKey: TestKey;
let mcpUrl: string;
let devhost: DevHost;
let browser: Browser;
let page: Page;
/** A second tab on `<auth host>/inspect`, opened before the call: the row must arrive live. */
let inspectPage: Page;
let diagnostics: PageDiagnostics;
/** The dev host's version, which it sends as its MCP clientInfo.version. */
let devhostVersion: string;

/** `ssh -p <port> 127.0.0.1 inspect <args>` with Ada's key (the route owner's). */
const inspect = (...args: string[]): SshProcess =>
  spawnSsh(t.sshPort, adaKey, ['-o', 'LogLevel=ERROR', '127.0.0.1', 'inspect', ...args]);

const parseLines = (out: string): McpExchange[] =>
  out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as McpExchange);

/** True while the same document is loaded: set before, read after (no reload in between). */
const MARK = `document.documentElement.dataset.sameDocument`;
// Playwright's hasText reads textContent (cells run together); innerText keeps the tabs.
const echoRows = () => inspectPage.locator('#calls tr').filter({ hasText: /tools\/callecho200/ });

/** Runs `steps`; on failure, rethrows with what the browser saw, so the broken hop is named. */
async function diagnosed(steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- what the browser saw ---\n${diagnostics.report()}`, {
      cause: error,
    });
  }
}

beforeAll(async () => {
  await mkdir(OUTPUT_DIR, { recursive: true });
  const manifest = await readFile(path.join(DEVHOST_APP, '..', '..', 'package.json'), 'utf8');
  devhostVersion = (JSON.parse(manifest) as { version: string }).version;
  local = await startEchoWithApiKey();
  t = await startTunnelSystem();
  const ada = await t.signedInBrowser(ADA);
  adaKey = t.key('ada');
  const localAddress = new URL(local.url).host;
  await t.signIn(adaKey, ada, ['-R', '0', '127.0.0.1', '--', '--to', localAddress], {
    remember: true,
  });
  await t.waitLive(ADA, 'mcp', 60_000, localAddress);
  mcpUrl = `${await t.remoteUrl(ADA)}/mcp`;
  devhost = await createDevHost({
    hostPort: 0,
    sandboxPort: 0,
    appDir: DEVHOST_APP,
    defaultServerUrl: mcpUrl,
  });
  browser = await launchBrowser(process.env);
  page = await browser.context.newPage();
  diagnostics = watchPage(page);
}, 120_000);
afterAll(async () => {
  await inspectPage?.close();
  await page?.close();
  await browser?.close();
  await devhost?.close();
  await t?.killSsh();
  await t?.close();
  await local?.close();
});

describe('the MCP traffic inspector with the dev host in Chromium as the client', () => {
  it('shows the echo call the dev host made through the tunnel live, with its client, tool and status', async () => {
    // Started before the call: the line arrives live, no polling of the gateway.
    const follow = inspect('--follow', '--json');
    await diagnosed(async () => {
      await page.goto(devhost.hostUrl);
      const input = page.getByLabel('MCP server URL');
      await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toBe(mcpUrl);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      // The tunnel route answers 401; the dev host follows PRM → AS metadata → DCR → sign-in.
      await signInAtGateway(page, t.authUrl, { email: ADA, password: PASSWORD });
      await allowOnConsentPage(page);
      await page.waitForURL((url) => url.origin === devhost.hostUrl, { timeout: 30_000 });

      // The OAuth sign-in above is also the gateway session /inspect needs: no second sign-in.
      inspectPage = await browser.context.newPage();
      await inspectPage.goto(`${t.authUrl}/inspect`);
      await inspectPage
        .getByText('Live: new calls appear at the top.')
        .waitFor({ timeout: 60_000 });
      await inspectPage.evaluate(`${MARK} = 'yes'`);

      await page.getByRole('button', { name: /^echo/i }).first().click({ timeout: 30_000 });
      await page.getByLabel('message', { exact: true }).fill('through the tunnel');
      await page.getByLabel('api_key', { exact: true }).fill(SECRET);
      await page.getByRole('button', { name: 'Call tool' }).click();
      await expect
        .poll(() => page.getByRole('region', { name: 'Tool result' }).innerText(), {
          timeout: 30_000,
        })
        .toContain('Echo: through the tunnel');
      // The echo widget rendered too: its ui://echo came through the tunnel (resources/read).
      const widget = page.frameLocator('#proxy').frameLocator('#view').locator('#echo-root');
      await expect
        .poll(() => widget.innerText(), { timeout: 30_000 })
        .toContain('through the tunnel');
      await page.screenshot({ path: path.join(OUTPUT_DIR, 'inspector-devhost-echo.png') });
    });
    // The local server got the token: masking happens only in the capture.
    expect(local.calls).toEqual([{ message: 'through the tunnel', api_key: SECRET }]);

    await follow.waitFor(ECHO_DONE, 60_000);
    follow.child.kill('SIGTERM');
    const echo = parseLines(follow.output()).filter(
      (e) => e.method === 'tools/call' && e.target === 'echo' && !e.inProgress,
    );
    expect(echo).toHaveLength(1);
    expect(echo[0]).toMatchObject({
      route: 'mcp',
      user: ADA,
      clientName: 'gatehouse-devhost',
      clientVersion: devhostVersion,
      decision: 'allow',
      status: 200,
    });
    expect(echo[0]?.rpcError).toBeUndefined();

    // The same call on /inspect, live in the tab opened before it (no reload).
    await expect.poll(() => echoRows().count(), { timeout: 60_000 }).toBe(1);
    expect(await echoRows().first().innerText()).toMatch(
      /tools\/call\s+echo\s+200\s+\d+ ms\s+allow/,
    );
    expect(await inspectPage.evaluate(MARK)).toBe('yes');
  }, 240_000);

  it("masks the api_key argument and the dev host's bearer token on /inspect, in `inspect --json`, the ring and the log", async () => {
    // The dev host's access token, which it sent as `Authorization: Bearer …` on every call.
    const bearer = await page.evaluate((key) => {
      const storage = (globalThis as unknown as { sessionStorage: Storage }).sessionStorage;
      const raw = storage.getItem(key);
      return raw === null ? '' : (JSON.parse(raw) as { access_token: string }).access_token;
    }, `gatehouse-devhost:oauth:${mcpUrl}:tokens`);
    expect(bearer.length).toBeGreaterThan(20);

    const run = inspect('--json');
    expect(await run.exited).toBe(0);
    const out = run.output();
    const listed = parseLines(out).filter((e) => e.method === 'tools/call' && e.target === 'echo');
    expect(listed).toHaveLength(1);

    // The whole exchange (bodies, headers) as the /inspect page and the TUI's detail show it.
    const account = await t.system.gateway.store.accounts.findByEmail(ADA);
    const viewer = { userId: account?.id ?? '', admin: false };
    const echo = await t.system.gateway.traffic.get(viewer, listed[0]?.id ?? '');
    expect(echo?.requestHeaders['authorization']).toBe('[masked]');
    expect(echo?.request?.text).toContain('"api_key":"[masked]"');
    expect(echo?.request?.text).toContain('through the tunnel');
    expect(echo?.response?.text).toContain('Echo: through the tunnel');

    // The /inspect detail pane: the dev host as the client, headers and arguments masked.
    await echoRows().first().getByRole('link').click();
    await inspectPage.locator('#detail').waitFor({ timeout: 30_000 });
    const facts = await inspectPage.locator('#detail dl.facts').innerText();
    expect(facts).toContain(`gatehouse-devhost ${devhostVersion}`);
    const headers = await inspectPage
      .getByRole('table', { name: 'Request headers (masked)' })
      .innerText();
    expect(headers).toMatch(/authorization\s+\[masked\]/);
    expect(await inspectPage.locator('#request-body').innerText()).toMatch(
      /"api_key": "\[masked\]"/,
    );
    const html = await inspectPage.content();

    const all = await t.system.gateway.traffic.list(viewer, { limit: 1000 });
    const ring = JSON.stringify(
      await Promise.all(all.map((s) => t.system.gateway.traffic.get(viewer, s.id))),
    );
    const log = JSON.stringify(t.logger.lines.map((l) => l.obj));
    for (const secret of [SECRET, bearer]) {
      expect(out).not.toContain(secret);
      expect(html).not.toContain(secret);
      expect(ring).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
  }, 120_000);
});
