import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createDevHost, type DevHost } from '@gatehouse/devhost';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import { startTricky } from './support/tricky-server.ts';
import {
  DEVHOST_APP,
  startPong,
  startProbe,
  startTemplate,
  type Running,
} from './support/servers.ts';

/** Where tests put screenshots (ignored by git). */
const OUTPUT_DIR = path.resolve(import.meta.dirname, '..', '.output', 'e2e');

// The dev host in real Chromium against real MCP servers: the template's echo widget, and probe
// widgets that test the sandbox CSP.
let browser: Browser;
let devhost: DevHost;
let template: Running;

beforeAll(async () => {
  await mkdir(OUTPUT_DIR, { recursive: true });
  template = await startTemplate();
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
  await template?.close();
});

const view = (page: Page): FrameLocator => page.frameLocator('#proxy').frameLocator('#view');

/** The server URL field once the page's config (with the default URL) has loaded. */
async function readyInput(page: Page): Promise<Locator> {
  const input = page.getByLabel('MCP server URL');
  for (let i = 0; i < 400 && (await input.inputValue()) === ''; i++) await page.waitForTimeout(25);
  if ((await input.inputValue()) === '') throw new Error('the dev host never loaded its config');
  return input;
}

async function openAndCall(
  page: Page,
  serverUrl: string,
  tool: string,
  fill?: Record<string, string>,
): Promise<void> {
  await page.goto(devhost.hostUrl);
  const input = await readyInput(page);
  await input.fill(serverUrl);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page
    .getByRole('button', { name: new RegExp(`^${tool}`, 'i') })
    .first()
    .click();
  for (const [field, value] of Object.entries(fill ?? {}))
    await page.getByLabel(field, { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Call tool' }).click();
}

describe('dev host with the echo widget', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.context.newPage();
    await openAndCall(page, template.url, 'echo', { message: 'today is a great day' });
  });

  it('renders the widget with the tool result', async () => {
    await expect
      .poll(() => view(page).locator('#echo-root').innerText(), { timeout: 15_000 })
      .toContain('today is a great day');
    await expect
      .poll(() => page.getByRole('region', { name: 'Tool result' }).innerText())
      .toContain('Echo: today is a great day');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'devhost-echo.png') });
  });

  it('sizes the frame to what the widget reports (size-changed)', async () => {
    const height = () =>
      page.locator('#proxy').evaluate((el: { style: { height: string } }) => el.style.height);
    await expect.poll(height).toMatch(/^[1-9]\d*px$/);
  });

  it("opens the widget's http(s) link in a new tab", async () => {
    // Answered inside the browser: the test never reaches for the real site.
    await browser.context.route('https://modelcontextprotocol.io/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>docs</title>' }),
    );
    const popup = page.waitForEvent('popup');
    await view(page)
      .getByRole('button', { name: /^Open docs/ })
      .click();
    const opened = await popup;
    expect(opened.url()).toContain('modelcontextprotocol.io');
    await opened.close();
  });

  it('passes a theme change to the widget', async () => {
    const theme = () => view(page).locator('html').getAttribute('data-theme');
    // The colour the user sees, not only the attribute.
    const background = () =>
      view(page)
        .locator('body')
        .evaluate(
          (el) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
            ).getComputedStyle(el).backgroundColor,
        );
    const before = await theme();
    const colourBefore = await background();
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await expect.poll(theme).not.toBe(before);
    await expect.poll(theme).toMatch(/^(light|dark)$/);
    await expect.poll(background).not.toBe(colourBefore);
  });

  it('changes the host layout when the widget asks for fullscreen', async () => {
    await view(page).getByRole('button', { name: 'Fullscreen' }).click();
    await expect
      .poll(() => page.locator('#widget').getAttribute('data-display-mode'))
      .toBe('fullscreen');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'devhost-fullscreen.png') });
    await view(page)
      .getByRole('button', { name: /Inline/ })
      .click();
    await expect
      .poll(() => page.locator('#widget').getAttribute('data-display-mode'))
      .toBe('inline');
  });

  it("round-trips the widget's callServerTool through the host to the server", async () => {
    const log = page.getByRole('region', { name: 'Message log' });
    await view(page).getByRole('button', { name: 'Echo again' }).click();
    await expect.poll(() => log.innerText()).toContain('tools/call');
    await expect
      .poll(() => view(page).locator('#echo-root').innerText())
      .toContain('today is a great day');
  });

  it('appends the widget’s sendMessage to the conversation', async () => {
    await view(page).getByRole('button', { name: 'Send to chat' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Conversation' }).innerText())
      .toContain('today is a great day');
  });

  it('shows the last model context update', async () => {
    await view(page).getByRole('button', { name: 'Share with model' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Model context' }).innerText())
      .toContain('today is a great day');
  });
});

describe('sandbox CSP', () => {
  let pong: Awaited<ReturnType<typeof startPong>>;
  beforeAll(async () => {
    pong = await startPong();
  });
  afterAll(async () => {
    await pong?.close();
  });

  it('blocks a fetch to a domain the widget did not declare', async () => {
    const probe = await startProbe(pong.url, {});
    try {
      const page = await browser.context.newPage();
      await openAndCall(page, probe.url, 'probe');
      const root = view(page).locator('#probe-root');
      await expect.poll(() => root.innerText(), { timeout: 15_000 }).toBe('blocked');
      expect(await root.getAttribute('data-violation')).toBe('connect-src');
      await page.screenshot({ path: path.join(OUTPUT_DIR, 'devhost-csp-blocked.png') });
      await page.close();
    } finally {
      await probe.close();
    }
  });

  it('allows a fetch to a declared domain', async () => {
    const probe = await startProbe(pong.url, { connectDomains: [pong.origin] });
    try {
      const page = await browser.context.newPage();
      await openAndCall(page, probe.url, 'probe');
      await expect
        .poll(() => view(page).locator('#probe-root').innerText(), { timeout: 15_000 })
        .toBe('fetched:pong');
      await page.close();
    } finally {
      await probe.close();
    }
  });
});

describe('host rules', () => {
  let tricky: Running;
  beforeAll(async () => {
    tricky = await startTricky();
  });
  afterAll(async () => {
    await tricky?.close();
  });

  it("refuses a view's tools/call for a tool without app visibility, and drops junk messages", async () => {
    const page = await browser.context.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => warnings.push(message.text()));
    await openAndCall(page, tricky.url, 'visibility-probe');
    const out = view(page).locator('#out');
    await expect
      .poll(() => out.innerText(), { timeout: 15_000 })
      .toMatch(/^refused: .*secret.*not callable by the app/);
    expect(warnings.some((w) => w.includes('not JSON-RPC'))).toBe(true);
    // An app-only tool is kept out of the (model's) tool list; a model-only one is in it.
    expect(await page.getByRole('button', { name: /^refresh/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^secret/ }).count()).toBe(1);
    await page.close();
  });

  it('shows a clear error for a UI resource with the wrong MIME type', async () => {
    const page = await browser.context.newPage();
    await openAndCall(page, tricky.url, 'wrong-mime');
    await expect
      .poll(() => page.getByRole('alert').first().innerText())
      .toContain('text/html;profile=mcp-app');
    expect(await page.locator('#proxy').count()).toBe(0);
    await page.close();
  });
});

describe('bad input', () => {
  it('says clearly when the server is down', async () => {
    const page = await browser.context.newPage();
    await page.goto(devhost.hostUrl);
    const input = await readyInput(page);
    await input.fill('http://127.0.0.1:9/mcp');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').first().innerText())
      .toContain('Could not connect');
    await page.close();
  });
});
