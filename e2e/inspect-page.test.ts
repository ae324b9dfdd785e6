import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTrafficInspector } from '@gatehouse/testing';
import {
  addAccount,
  PASSWORD,
  startTestGateway,
  type TestGateway,
} from '@gatehouse/testing/gateway';

// Issue 16: /inspect in Chromium: calls appear live (no reload), filters work, a non-owner sees
// nothing of another user's route, captured markup is text. The calls come from an in-test
// implementation of the core traffic PORT; switch to the gateway's real capture at merge.

const ADA = 'ada@example.com';
const BOB = 'bob@example.com';
const EVIL = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

let t: TestGateway;
let browser: Browser;
let page: Page;
const traffic = new MemoryTrafficInspector();
const accountIds = new Map<string, string>();

const owner = (email: string): string => accountIds.get(email) ?? '';

/** True while the same document is loaded: set before, read after (no reload in between). */
const MARK = `document.documentElement.dataset.sameDocument`;

async function signIn(email: string): Promise<void> {
  await page.goto(`${t.authUrl}/inspect`);
  await page.waitForURL(/\/signin/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/inspect/);
}

/** Waits until the page's live stream is connected (its status line says so). */
async function live(): Promise<void> {
  await page.getByText('Live: new calls appear at the top.').waitFor({ timeout: 30_000 });
  await page.evaluate(`${MARK} = 'yes'`);
}

const callRows = () => page.locator('#calls tr');

beforeAll(async () => {
  t = await startTestGateway('', { trafficInspector: traffic });
  for (const email of [ADA, BOB]) {
    await addAccount(t.gateway.store, email);
    accountIds.set(email, (await t.gateway.store.accounts.findByEmail(email))?.id ?? '');
  }
  browser = await launchBrowser(process.env);
  page = await browser.context.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('/inspect in Chromium', () => {
  it('shows a new call live, without reload', async () => {
    await signIn(ADA);
    await expect
      .poll(() => page.getByText('No MCP calls yet').isVisible(), { timeout: 30_000 })
      .toBe(true);
    await live();
    traffic.add({ ownerAccountId: owner(ADA), target: 'echo' });
    await expect.poll(() => callRows().count(), { timeout: 30_000 }).toBe(1);
    expect(await callRows().first().innerText()).toMatch(/tools\/call\s+echo\s+200\s+5 ms\s+allow/);
    expect(await page.getByText('No MCP calls yet').isVisible()).toBe(false);

    // An SSE answer still streaming shows `…`, and its row updates in place when it completes.
    const streaming = traffic.add({
      ownerAccountId: owner(ADA),
      target: 'slow',
      status: 0,
      inProgress: true,
      timings: { startedAt: Date.now() },
    });
    const slow = callRows().filter({ hasText: 'slow' });
    await expect.poll(() => slow.innerText(), { timeout: 30_000 }).toMatch(/slow\s+…\s+…/);
    traffic.complete(streaming.id, {
      status: 200,
      timings: { startedAt: streaming.timings.startedAt, upstreamFirstByteMs: 2, totalMs: 42 },
    });
    await expect.poll(() => slow.innerText(), { timeout: 30_000 }).toMatch(/slow\s+200\s+42 ms/);
    expect(await callRows().count()).toBe(2);
    expect(await page.evaluate(MARK)).toBe('yes');
  }, 90_000);

  it('shows a captured <script> string as text, live and after reload, and runs none of it', async () => {
    await page.goto(`${t.authUrl}/inspect`);
    await live();
    traffic.add({ ownerAccountId: owner(ADA), target: EVIL });
    const row = callRows().filter({ hasText: '<script>' });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.locator('td').nth(3).textContent()).toBe(EVIL);
    await page.reload();
    expect(
      await callRows().filter({ hasText: '<script>' }).locator('td').nth(3).textContent(),
    ).toBe(EVIL);
    await callRows().filter({ hasText: '<script>' }).getByRole('link').click();
    await page.locator('#detail').waitFor();
    expect(await page.locator('#detail-title').textContent()).toBe(`tools/call ${EVIL}`);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  }, 90_000);

  it('filters by tool and by text, and keeps the filter on live updates', async () => {
    await page.goto(`${t.authUrl}/inspect`);
    await page.getByLabel('Tool', { exact: true }).fill('weather');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/tool=weather/);
    await expect
      .poll(() => page.getByText('No MCP calls yet match').isVisible(), { timeout: 30_000 })
      .toBe(true);
    await live();
    traffic.add({ ownerAccountId: owner(ADA), target: 'echo' });
    traffic.add({ ownerAccountId: owner(ADA), target: 'weather' });
    await expect.poll(() => callRows().count(), { timeout: 30_000 }).toBe(1);
    expect(await callRows().first().innerText()).toContain('weather');

    await page.goto(`${t.authUrl}/inspect?text=onerror`);
    await expect.poll(() => callRows().count(), { timeout: 30_000 }).toBe(1);
    expect(await callRows().first().innerText()).toContain('<img src=x');
    expect(await page.evaluate(MARK)).toBeUndefined(); // a navigation, as expected for a filter
  }, 90_000);

  it('replays a call with edited arguments after confirming, and shows the answer beside the original', async () => {
    const x = traffic.add({ ownerAccountId: owner(ADA), target: 'echo' });
    traffic.replayAnswer = (_original, options) => {
      const text = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        result: { content: [{ type: 'text', text: String(options?.arguments?.['text']) }] },
      });
      return { response: { text, bytes: text.length, truncated: false } };
    };
    await page.goto(`${t.authUrl}/inspect?id=${x.id}`);
    expect(await page.locator('#request-body').innerText()).toContain('"name": "echo"');
    expect(await page.locator('#curl').innerText()).toContain('Bearer $GATEHOUSE_TOKEN');
    await page.getByLabel('Arguments (JSON object)').fill('{"text": "edited"}');
    await page.getByRole('button', { name: 'Replay' }).click();
    // Not confirmed: the browser keeps the form (the box is required), nothing was sent.
    expect(traffic.replays).toHaveLength(0);
    await page.getByLabel(/Call the tool again/).check();
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.getByRole('heading', { name: 'Replay compared with the original' }).waitFor();
    expect(traffic.replays).toEqual([{ id: x.id, options: { arguments: { text: 'edited' } } }]);
    expect(await page.locator('#original-body').innerText()).toContain('"text": "hello"');
    expect(await page.locator('#replay-body').innerText()).toContain('"text": "edited"');
    expect(await page.locator('#diff .diff-del').allInnerTexts()).toEqual([
      expect.stringMatching(/^- +"text": "hello"$/),
    ]);
    expect(await page.locator('#diff .diff-add').allInnerTexts()).toEqual([
      expect.stringMatching(/^\+ +"text": "edited"$/),
    ]);
  }, 90_000);

  it('a non-owner sees nothing of another user’s route, not even live', async () => {
    await page.goto(`${t.authUrl}/account`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(BOB);
    await expect
      .poll(() => page.getByText('No MCP calls yet').isVisible(), { timeout: 30_000 })
      .toBe(true);
    await live();
    traffic.add({ ownerAccountId: owner(ADA), target: 'adas-secret-tool' });
    traffic.add({ ownerAccountId: owner(BOB), target: 'bobs-tool' });
    // Bob's own call arrives after Ada's: once it is shown, Ada's would have been too.
    await expect.poll(() => callRows().count(), { timeout: 30_000 }).toBe(1);
    expect(await callRows().first().innerText()).toContain('bobs-tool');
    await page.reload();
    expect(await page.locator('body').innerText()).not.toContain('adas-secret-tool');
    expect(await page.locator('body').innerText()).not.toContain('echo');
  }, 90_000);
});
