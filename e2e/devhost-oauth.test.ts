import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createDevHost, type DevHost } from '@gatehouse/devhost';
import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestGateway,
  type TestGateway,
  addAccount,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { watchPage, type PageDiagnostics } from './support/devhost-oauth-diagnostics.ts';
import {
  allowOnConsentPage,
  consentPageText,
  signInAtGateway,
} from './support/devhost-oauth-gateway-pages.ts';
import { DEVHOST_APP, startTemplate, type Running } from './support/servers.ts';

/** Where tests put screenshots (ignored by git). */
const OUTPUT_DIR = path.resolve(import.meta.dirname, '..', '.output', 'e2e');

// The dev host's OAuth client against the gateway's authorization server, in real Chromium:
// dev host (localhost) → gateway MCP route (mcp.localhost, OAuth) → the template's echo app.
let browser: Browser;
let devhost: DevHost;
let template: Running;
let gw: TestGateway;
let mcpUrl: string;

beforeAll(async () => {
  await mkdir(OUTPUT_DIR, { recursive: true });
  template = await startTemplate();
  gw = await startTestGateway(`
routes:
  - from: http://mcp.localhost:{{port}}
    to: ${new URL(template.url).origin}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
  mcpUrl = `${gw.origin('mcp')}/mcp`;
  // Pre-filled with the template itself, so the test shows the typed gateway URL is the one used.
  devhost = await createDevHost({
    hostPort: 0,
    sandboxPort: 0,
    appDir: DEVHOST_APP,
    defaultServerUrl: template.url,
  });
  browser = await launchBrowser(process.env);
});
afterAll(async () => {
  await browser?.close();
  await devhost?.close();
  await gw?.close();
  await template?.close();
});

const view = (page: Page): FrameLocator => page.frameLocator('#proxy').frameLocator('#view');
const echoButton = (page: Page): Locator => page.getByRole('button', { name: /^echo/i }).first();
const authHost = (): string => new URL(gw.authUrl).host;

/** The server URL field once the page's config (with the default URL) has loaded. */
async function readyInput(page: Page): Promise<Locator> {
  const input = page.getByLabel('MCP server URL');
  await expect.poll(() => input.inputValue(), { timeout: 10_000 }).not.toBe('');
  return input;
}

async function connectTo(page: Page, serverUrl: string): Promise<void> {
  const input = await readyInput(page);
  await input.fill(serverUrl);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
}

/** Runs `steps`; on failure, rethrows with what the browser saw, so the broken hop is named. */
async function diagnosed(diagnostics: PageDiagnostics, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- what the browser saw ---\n${diagnostics.report()}`, {
      cause: error,
    });
  }
}

describe('dev host OAuth client against the gateway', () => {
  let page: Page;
  let diagnostics: PageDiagnostics;
  beforeAll(async () => {
    page = await browser.context.newPage();
    diagnostics = watchPage(page);
  });
  afterAll(async () => {
    await page?.close();
  });

  it('signs in at the gateway, consents, returns to /oauth/callback and renders the echo widget', async () => {
    await diagnosed(diagnostics, async () => {
      await page.goto(devhost.hostUrl);
      // The MCP route answers 401; the dev host follows PRM, AS metadata and DCR to the
      // gateway's authorization endpoint, which sends the browser to sign in first.
      await connectTo(page, mcpUrl);
      await signInAtGateway(page, gw.authUrl, { email: 'ada@example.com', password: PASSWORD });

      const consent = await consentPageText(page, gw.authUrl);
      expect(consent).toContain('Gatehouse dev host'); // the DCR client_name
      expect(consent).toContain(mcpUrl); // the resource (RFC 8707)
      expect(consent).toContain(new URL(devhost.hostUrl).host); // where the code goes
      await page.screenshot({ path: path.join(OUTPUT_DIR, 'devhost-oauth-consent.png') });
      await allowOnConsentPage(page);

      await page.waitForURL((url) => url.origin === devhost.hostUrl, { timeout: 15_000 });
      await echoButton(page).click({ timeout: 15_000 });
      await page.getByLabel('message', { exact: true }).fill('today is a great day');
      await page.getByRole('button', { name: 'Call tool' }).click();
      await expect
        .poll(() => view(page).locator('#echo-root').innerText(), { timeout: 15_000 })
        .toContain('today is a great day');
      await expect
        .poll(() => page.getByRole('region', { name: 'Tool result' }).innerText())
        .toContain('Echo: today is a great day');
      await page.screenshot({ path: path.join(OUTPUT_DIR, 'devhost-oauth-echo.png') });
    });

    // The browser really came back through the dev host's callback (the app then rewrites it to /).
    expect(diagnostics.navigations).toContain(`${devhost.hostUrl}/oauth/callback`);
    // The token lives in this tab's sessionStorage, keyed by the server URL (value not read).
    const keys = await page.evaluate(() => {
      const storage = (globalThis as unknown as { sessionStorage: Storage }).sessionStorage;
      return Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? '');
    });
    expect(keys).toContain(`gatehouse-devhost:oauth:${mcpUrl}:tokens`);
    // The gateway let ada's call through to the template, and audited it.
    const audit = gw.logger.lines.filter(
      (l) => l.obj['event'] === 'mcp-audit' && l.obj['tool'] === 'echo',
    );
    expect(audit.at(-1)?.obj).toMatchObject({ user: 'ada@example.com', outcome: 'allow' });
  });

  it('after a reload, connecting again uses the stored token and never shows the sign-in page', async () => {
    expect(new URL(page.url()).origin, 'the sign-in test left the tab on the dev host').toBe(
      devhost.hostUrl,
    );
    await page.reload();
    const before = diagnostics.navigations.length;
    await diagnosed(diagnostics, async () => {
      // The app does not reconnect by itself after a reload: the connect form is back.
      await readyInput(page);
      expect(await echoButton(page).count()).toBe(0);
      await connectTo(page, mcpUrl);
      await echoButton(page).waitFor({ timeout: 15_000 });
    });
    const sinceReload = diagnostics.navigations.slice(before);
    expect(sinceReload.filter((u) => new URL(u).host === authHost())).toEqual([]);
    expect(new URL(page.url()).origin).toBe(devhost.hostUrl);
  });

  it('opening a link to a server this tab already authorized reconnects by itself, no sign-in, no click', async () => {
    const before = diagnostics.navigations.length;
    await diagnosed(diagnostics, async () => {
      await page.goto(`${devhost.hostUrl}/?server=${encodeURIComponent(mcpUrl)}`);
      await echoButton(page).waitFor({ timeout: 15_000 });
      expect(await page.getByLabel('MCP server URL').inputValue()).toBe(mcpUrl);
    });
    const since = diagnostics.navigations.slice(before);
    expect(since.filter((u) => new URL(u).host === authHost())).toEqual([]);
  });

  it('a link to a server without stored tokens only fills the field: no OAuth redirect by itself', async () => {
    const other = `${gw.origin('elsewhere')}/mcp`;
    await page.goto(`${devhost.hostUrl}/?server=${encodeURIComponent(other)}`);
    await expect.poll(() => page.getByLabel('MCP server URL').inputValue()).toBe(other);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(new URL(page.url()).origin).toBe(devhost.hostUrl);
    expect(await echoButton(page).count()).toBe(0);
  });
});
