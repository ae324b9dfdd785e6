import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createDevHost, type DevHost } from '@gatehouse/devhost';
import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import { createSignInLink } from '@gatehouse/gateway';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, PASSWORD } from '@gatehouse/testing/gateway';
import { killAllSsh, MemoryTrafficInspector, spawnSsh } from '@gatehouse/testing';
import { DEVHOST_APP, startTemplate, type Running } from './support/servers.ts';
import { ROOT } from './support/quickstart.ts';
import { startTunnelSystem, VERIFY_URL, type TunnelSystem } from './support/tunnel-system.ts';

// Issue 15 item 13: every page at 375 px and 1280 px in Chromium: no horizontal overflow (the
// account page was 529 px wide at 375, a Revoke button cut off) and no serious or critical
// axe-core violation (labels, contrast, focus order…). Screenshots go to .output/pages/.

const OUTPUT = path.join(ROOT, '.output', 'pages');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ADA = 'ada@example.com';
const WIDTHS = [375, 1280] as const;

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[];
}

let t: TunnelSystem;
let template: Running;
let devhost: DevHost;
let browser: Browser;
let page: Page;
// The /inspect page's calls: an in-test implementation of the core traffic PORT (issue 16).
const traffic = new MemoryTrafficInspector();

beforeAll(async () => {
  t = await startTunnelSystem({ trafficInspector: traffic });
  template = await startTemplate();
  await addAccount(t.system.gateway.store, ADA);
  devhost = await createDevHost({
    hostPort: 0,
    sandboxPort: 0,
    appDir: DEVHOST_APP,
    defaultServerUrl: 'http://localhost:8080/mcp',
  });
  browser = await launchBrowser(process.env);
  page = await browser.context.newPage();
});
afterAll(async () => {
  await killAllSsh();
  await browser?.close();
  await devhost?.close();
  await t?.close();
  await template?.close();
});

/** Checks the page now shown at both widths: overflow, axe, a screenshot each. */
async function check(name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    await page.screenshot({
      path: path.join(OUTPUT, `${name}-${String(width)}.png`),
      fullPage: true,
    });
    // Evaluated through the DevTools protocol: our pages' CSP forbids injected scripts.
    const overflow = await page.evaluate(`(() => {
      const root = document.documentElement;
      return root.scrollWidth - root.clientWidth;
    })()`);
    expect(
      overflow,
      `${name} at ${String(width)} px overflows by ${String(overflow)} px`,
    ).toBeLessThanOrEqual(0);
    await page.evaluate(AXE);
    const result = await page.evaluate<AxeResult>('axe.run()');
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact ?? ''}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`,
      );
    expect(serious, `${name} at ${String(width)} px`).toEqual([]);
  }
}

describe('every page at 375 px and 1280 px: no overflow, no serious axe violation', () => {
  it('sign-in page', async () => {
    await page.goto(`${t.authUrl}/account`);
    await page.waitForURL(/\/signin/);
    await check('sign-in');
  });

  it('account page (signed in), with an SSH key and a live tunnel listed', async () => {
    await page.getByLabel('Email').fill(ADA);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account/);
    await check('account');
  });

  it('MCP traffic inspector (/inspect): the list, and a replay compared with its original', async () => {
    const owner = (await t.system.gateway.store.accounts.findByEmail(ADA))?.id ?? '';
    const call = traffic.add({ ownerAccountId: owner, target: 'echo' });
    const text = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { content: [] } });
    const replay = traffic.add({
      ownerAccountId: owner,
      target: 'echo',
      replayOf: call.id,
      response: { text, bytes: text.length, truncated: false },
    });
    await page.goto(`${t.authUrl}/inspect`);
    await page.getByText('Live: new calls appear at the top.').waitFor({ timeout: 30_000 });
    await check('inspect');
    await page.goto(`${t.authUrl}/inspect?id=${replay.id}`);
    await page.getByRole('heading', { name: 'Replay compared with the original' }).waitFor();
    await check('inspect-detail');
  });

  it('SSH sign-in (verify) page', async () => {
    const ssh = spawnSsh(t.sshPort, t.key('laptop'), ['-N', '-R', '0', '127.0.0.1']);
    const [verifyUrl = ''] = await ssh.waitFor(VERIFY_URL, 30_000);
    await page.goto(verifyUrl);
    await check('ssh-verify');
    await page.getByRole('button', { name: 'Authorize' }).click();
    await t.waitLive(ADA, 'mcp', 30_000);
    await page.goto(`${t.authUrl}/account`);
    await check('account-with-tunnel');
  });

  it('set-password page (one-time link)', async () => {
    const link = await createSignInLink(
      t.system.gateway.store.records,
      t.authUrl,
      { email: 'bob@example.com', groups: [] },
      Date.now(),
    );
    await page.goto(link);
    await check('set-password');
  });

  it('an MCP URL opened in a browser, and a page that does not exist', async () => {
    await page.goto(`${await t.remoteUrl(ADA)}/mcp`);
    await check('mcp-url');
    await page.goto(`${t.authUrl}/no-such-page`);
    await check('not-found');
  });

  it('the OAuth consent page (the dev host connecting to the tunnel URL)', async () => {
    const mcpUrl = `${await t.remoteUrl(ADA)}/mcp`;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${devhost.hostUrl}/?server=${encodeURIComponent(mcpUrl)}`);
    const input = page.getByLabel('MCP server URL');
    await expect.poll(() => input.inputValue(), { timeout: 20_000 }).toBe(mcpUrl);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.waitForURL(/\/oauth\/interaction\//, { timeout: 30_000 });
    // A localhost client this server did not start itself keeps the warning.
    expect(await page.locator('body').innerText()).toContain(
      'Any program on this machine could be listening',
    );
    await check('consent');
  });

  it('the dev host', async () => {
    await page.goto(devhost.hostUrl);
    await page.getByLabel('MCP server URL').waitFor();
    await check('devhost');
  });

  it('the dev host on a phone brings the widget into view after a call', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${devhost.hostUrl}/?server=${encodeURIComponent(template.url)}`);
    const input = page.getByLabel('MCP server URL');
    await expect.poll(() => input.inputValue(), { timeout: 20_000 }).toBe(template.url);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('button', { name: /^echo/i }).first().click({ timeout: 30_000 });
    await page.getByLabel('message', { exact: true }).fill('today is a great day');
    await page.getByRole('button', { name: 'Call tool' }).click();
    const view = page.frameLocator('#proxy').frameLocator('#view');
    await expect
      .poll(() => view.locator('#echo-root').innerText(), { timeout: 30_000 })
      .toContain('today is a great day');
    await page.screenshot({ path: path.join(OUTPUT, 'devhost-widget-375.png') });
    // Above the fold: the widget's frame starts inside the viewport.
    const box = await page.locator('#proxy').boundingBox();
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect(box?.y ?? 9999).toBeLessThan(812 / 2);
  });
});
