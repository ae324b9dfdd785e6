import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  Client as McpClient,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestGateway, addAccount, PASSWORD } from '@gatehouse/testing/gateway';
import { authorizeInChromium, startRedirectTarget } from './support/mcp-chromium.ts';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { localFetch, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { startTemplate, type Running } from './support/servers.ts';

/** Where tests put screenshots (ignored by git). */
const OUTPUT_DIR = path.resolve(import.meta.dirname, '..', '.output', 'e2e');

let template: Running;
let gw: TestGateway;
let browser: Browser;

beforeAll(async () => {
  await mkdir(OUTPUT_DIR, { recursive: true });
  template = await startTemplate();
  gw = await startMcpGateway(`
routes:
  - from: http://app.localhost:{{port}}
    to: ${new URL(template.url).origin}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
  browser = await launchBrowser(process.env);
});

afterAll(async () => {
  await browser?.close();
  await gw?.close();
  await template?.close();
});

describe('the browser steps of MCP OAuth in real Chromium', () => {
  it('signs in and approves in Chromium; the SDK v2 client finishes the flow and calls echo', async () => {
    const target = await startRedirectTarget();
    const provider = new MemoryOAuthProvider(target.url, 'Chromium e2e client');
    const make = () =>
      new StreamableHTTPClientTransport(new URL(`${gw.origin('app')}/mcp`), {
        authProvider: provider,
        fetch: localFetch,
      });
    const first = make();
    await expect(new McpClient({ name: 'e2e', version: '1' }).connect(first)).rejects.toThrow(
      UnauthorizedError,
    );
    if (provider.authorizationUrl === undefined) throw new Error('no authorization URL');

    const page = await browser.context.newPage();
    let consent = '';
    await authorizeInChromium(
      page,
      provider.authorizationUrl,
      { email: 'ada@example.com', password: PASSWORD },
      async (p) => {
        consent = await p.locator('body').innerText();
        await p.screenshot({ path: path.join(OUTPUT_DIR, 'mcp-consent.png'), fullPage: true });
      },
    );
    const callback = await target.received;
    await page.close();
    await target.close();
    expect(consent).toContain('Chromium e2e client');
    expect(consent).toContain(new URL(target.url).host); // A11/A15: the redirect host, shown
    expect(callback.searchParams.get('iss')).toBe(gw.authUrl);

    await first.finishAuth(callback.searchParams);
    const client = new McpClient({ name: 'e2e', version: '1' });
    await client.connect(make());
    const result = await client.callTool({ name: 'echo', arguments: { message: 'from chromium' } });
    expect(JSON.stringify(result.content)).toContain('from chromium');
    await client.close();
  });
});
