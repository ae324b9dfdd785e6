import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createDevHost, type DevHost } from '@gatehouse/devhost';
import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '@gatehouse/testing/gateway';
import { DEVHOST_APP, startTemplate, type Running } from './support/servers.ts';
import { startTricky, startUnlistedResource } from './support/tricky-server.ts';

/** Where tests put screenshots (ignored by git). */
const OUTPUT_DIR = path.resolve(import.meta.dirname, '..', '.output', 'e2e');

// Gatehouse issue 8: what a newcomer gets wrong, the dev host names the fix for — in real
// Chromium against real MCP servers (the template, and deliberately broken ones).
let browser: Browser;
let devhost: DevHost;
let template: Running;
let tricky: Running;
let unlisted: Running;
const logger = recordingLogger();

beforeAll(async () => {
  await mkdir(OUTPUT_DIR, { recursive: true });
  [template, tricky, unlisted] = await Promise.all([
    startTemplate(),
    startTricky(),
    startUnlistedResource(),
  ]);
  devhost = await createDevHost({
    hostPort: 0,
    sandboxPort: 0,
    appDir: DEVHOST_APP,
    defaultServerUrl: template.url,
    logger,
  });
  browser = await launchBrowser(process.env);
});
afterAll(async () => {
  await browser?.close();
  await devhost?.close();
  await Promise.all([template?.close(), tricky?.close(), unlisted?.close()]);
});

const urlField = (page: Page): Locator => page.getByLabel('MCP server URL');
const firstAlert = (page: Page): Promise<string> => page.getByRole('alert').first().innerText();
const warnings = (page: Page): Promise<string> =>
  page.getByRole('list', { name: 'Widget warnings' }).innerText();

/** The field once the page's config (with the default URL) has loaded. */
async function loadedField(page: Page): Promise<Locator> {
  const input = urlField(page);
  await expect.poll(() => input.inputValue()).not.toBe('');
  return input;
}

async function connectAndCall(
  page: Page,
  serverUrl: string,
  tool: string,
  fill: Record<string, string> = {},
): Promise<void> {
  await page.goto(devhost.hostUrl);
  await (await loadedField(page)).fill(serverUrl);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page
    .getByRole('button', { name: new RegExp(`^${tool}`, 'i') })
    .first()
    .click();
  for (const [field, value] of Object.entries(fill))
    await page.getByLabel(field, { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Call tool' }).click();
}

describe('?server= prefills the server URL', () => {
  it('fills in an http(s) URL over the configured default, without connecting', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${devhost.hostUrl}/?server=${encodeURIComponent(tricky.url)}`);
    await expect.poll(() => urlField(page).inputValue()).toBe(tricky.url);
    // Still so once the config (with the default URL) has surely loaded; and nothing connected.
    await page.waitForTimeout(500);
    expect(await urlField(page).inputValue()).toBe(tricky.url);
    expect(await page.getByText(/Connected to|Connecting to/).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^csp-image/ }).count()).toBe(0);
    await page.close();
  });

  it('ignores a value that is not an http(s) URL and keeps the default', async () => {
    const page = await browser.context.newPage();
    for (const bad of ['javascript:alert(1)', 'not a url', 'file:///etc/passwd']) {
      await page.goto(`${devhost.hostUrl}/?server=${encodeURIComponent(bad)}`);
      expect(await (await loadedField(page)).inputValue(), bad).toBe(template.url);
    }
    await page.close();
  });
});

describe('a server URL without /mcp', () => {
  it('says no MCP server answered there and suggests the URL with /mcp', async () => {
    const page = await browser.context.newPage();
    const bare = `${new URL(template.url).origin}/`;
    await page.goto(devhost.hostUrl);
    await (await loadedField(page)).fill(bare);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => firstAlert(page)).toContain('no MCP server answered there');
    expect(await firstAlert(page)).toContain(`try ${template.url}`);
    await page.close();
  });
});

describe('a remote image the widget did not declare', () => {
  it('names the URL, the directive and the csp list to add its origin to', async () => {
    const page = await browser.context.newPage();
    await connectAndCall(page, tricky.url, 'csp-image');
    const origin = new URL(tricky.url).origin;
    await expect.poll(() => warnings(page), { timeout: 15_000 }).toContain(`${origin}/health`);
    const text = await warnings(page);
    expect(text).toContain('(img-src)');
    expect(text).toContain(`add "${origin}" to _meta.ui.csp.resourceDomains`);
    expect(text).toContain('ui://csp-image');
    expect(text).toContain('wildcards are not supported');
    expect(text).toContain('redirects');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'devhost-csp-warning.png') });
    await page.close();
  });

  it('prints the same fix on the dev host log (from the CSP report)', async () => {
    const origin = new URL(tricky.url).origin;
    const reported = () =>
      logger.lines.find(
        (line) => line.level === 'warn' && line.msg?.includes(`add "${origin}" to`) === true,
      );
    await expect.poll(reported, { timeout: 10_000 }).toBeDefined();
    expect(reported()?.obj).toMatchObject({ directive: 'img-src' });
  });
});

describe('a widget that never starts (blank iframe)', () => {
  it('says the widget did not start, with the causes and the id mismatch it found', async () => {
    const page = await browser.context.newPage();
    await connectAndCall(page, tricky.url, 'blank-widget');
    await expect.poll(() => warnings(page), { timeout: 15_000 }).toContain('did not start');
    const text = await warnings(page);
    expect(text).toContain('looks up #blank-widget-root, but its HTML has #blank-root');
    expect(text).toContain('devtools console');
    expect(text).toContain('CSP');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'devhost-blank-widget.png') });
    await page.close();
  });

  it('says nothing of the kind for a widget that starts', async () => {
    const page = await browser.context.newPage();
    await connectAndCall(page, template.url, 'echo', { message: 'hello' });
    // Generous: on a loaded machine the widget took longer than expect.poll's default.
    await expect
      .poll(
        () => page.frameLocator('#proxy').frameLocator('#view').locator('#echo-root').innerText(),
        { timeout: 20_000 },
      )
      .toContain('hello');
    await page.waitForTimeout(3_500);
    expect(await page.getByRole('list', { name: 'Widget warnings' }).count()).toBe(0);
    await page.close();
  });
});

describe('a tool result that no widget shows', () => {
  it('notes that hosts show only the text and how to add a widget', async () => {
    const page = await browser.context.newPage();
    await connectAndCall(page, tricky.url, 'no-widget');
    const note = page.getByRole('note');
    await expect.poll(() => note.innerText()).toContain('will show only the text');
    expect(await note.innerText()).toContain("widget: '<name>'");
    expect(await note.innerText()).toContain('_meta.ui.resourceUri');
    await page.close();
  });

  it('names a resourceUri the server does not list', async () => {
    const page = await browser.context.newPage();
    await connectAndCall(page, unlisted.url, 'ghost');
    await expect.poll(() => firstAlert(page)).toContain('ui://nowhere');
    expect(await firstAlert(page)).toContain('the server does not list it');
    expect(await page.locator('#proxy').count()).toBe(0);
    await page.close();
  });
});
