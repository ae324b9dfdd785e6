import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  Client as McpClient,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestGateway, addAccount, PASSWORD } from '@gatehouse/testing/gateway';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { localFetch, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { startTemplate, type Running } from './support/servers.ts';

// Issue 13, defect 5: consent was remembered per client, so a client the user approved for one
// MCP server silently got codes for another. Now the consent page names the server, and a new
// server asks again; a server already approved for this client is not asked twice.

/** Where tests put screenshots (ignored by git). */
const OUTPUT_DIR = path.resolve(import.meta.dirname, '..', '.output', 'e2e');

let template: Running;
let gw: TestGateway;
let browser: Browser;
let callbacks: Callbacks;

/** The desktop client's loopback redirect listener: every callback, in order. */
interface Callbacks {
  readonly url: string;
  next(): Promise<URL>;
  close(): Promise<void>;
}

async function startCallbacks(): Promise<Callbacks> {
  const waiting: ((url: URL) => void)[] = [];
  const arrived: URL[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end(); // Chromium's favicon request
      return;
    }
    const waiter = waiting.shift();
    if (waiter === undefined) arrived.push(url);
    else waiter(url);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('You can close this tab.');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    next: () => {
      const ready = arrived.shift();
      return ready === undefined
        ? new Promise<URL>((resolve) => waiting.push(resolve))
        : Promise.resolve(ready);
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

beforeAll(async () => {
  await mkdir(OUTPUT_DIR, { recursive: true });
  template = await startTemplate();
  const upstream = new URL(template.url).origin;
  gw = await startMcpGateway(`
routes:
  - from: http://alpha.localhost:{{port}}
    to: ${upstream}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
  - from: http://beta.localhost:{{port}}
    to: ${upstream}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
  callbacks = await startCallbacks();
  browser = await launchBrowser(process.env);
});

afterAll(async () => {
  await browser?.close();
  await callbacks?.close();
  await gw?.close();
  await template?.close();
});

/** One MCP server as the host sees it: its URL and the OAuth state kept for it. */
function server(name: string, provider: MemoryOAuthProvider) {
  const url = new URL(`${gw.origin(name)}/mcp`);
  const transport = () =>
    new StreamableHTTPClientTransport(url, { authProvider: provider, fetch: localFetch });
  return { url, provider, transport };
}

/** Starts the SDK's flow: the first connect is refused and yields the authorization URL. */
async function authorizationUrl(s: ReturnType<typeof server>) {
  const first = s.transport();
  await expect(new McpClient({ name: 'e2e', version: '1' }).connect(first)).rejects.toThrow(
    UnauthorizedError,
  );
  if (s.provider.authorizationUrl === undefined) throw new Error('no authorization URL');
  return { first, url: s.provider.authorizationUrl };
}

async function signInIfAsked(page: Page): Promise<void> {
  if (new URL(page.url()).pathname !== '/signin') return;
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Lands either on the consent page (returns its text) or straight on the client (returns null). */
async function consentOrCallback(page: Page): Promise<string | null> {
  await page.waitForURL(
    (u) => u.pathname.startsWith('/oauth/interaction/') || u.href.startsWith(callbacks.url),
    { timeout: 30_000 },
  );
  if (page.url().startsWith(callbacks.url)) return null;
  return page.locator('body').innerText();
}

async function echo(s: ReturnType<typeof server>, message: string): Promise<string> {
  const client = new McpClient({ name: 'e2e', version: '1' });
  await client.connect(s.transport());
  const result = await client.callTool({ name: 'echo', arguments: { message } });
  await client.close();
  return JSON.stringify(result.content);
}

describe('consent is per client and MCP server', () => {
  it(
    'names the server, asks again for another one, and remembers each',
    { timeout: 180_000 },
    async () => {
      const alpha = server('alpha', new MemoryOAuthProvider(callbacks.url, 'Consent e2e client'));
      const page = await browser.context.newPage();

      // 1. alpha: sign in, and the consent page names alpha (not beta).
      const a = await authorizationUrl(alpha);
      await page.goto(a.url.href);
      await signInIfAsked(page);
      const first = await consentOrCallback(page);
      expect(first).not.toBeNull();
      expect(first).toContain(`alpha.localhost:${gw.port}`);
      expect(first).toContain(alpha.url.href);
      expect(first).not.toContain('beta.localhost');
      expect(await page.title()).toContain(`alpha.localhost:${gw.port}`);
      await page.getByRole('button', { name: 'Allow' }).click();
      await a.first.finishAuth((await callbacks.next()).searchParams);
      expect(await echo(alpha, 'to alpha')).toContain('to alpha');

      // 2. beta, same client (registered once), same signed-in browser: asked again, for beta.
      const beta = server('beta', new MemoryOAuthProvider(callbacks.url, 'Consent e2e client'));
      const info = alpha.provider.clientInformation();
      if (info === undefined) throw new Error('the client did not register');
      beta.provider.saveClientInformation(info);
      const b = await authorizationUrl(beta);
      expect(b.url.searchParams.get('client_id')).toBe(info.client_id);
      await page.goto(b.url.href);
      const second = await consentOrCallback(page);
      expect(second, 'beta was granted without asking').not.toBeNull();
      expect(second).toContain(`beta.localhost:${gw.port}`);
      expect(second).toContain(beta.url.href);
      await page.screenshot({
        path: path.join(OUTPUT_DIR, 'consent-another-mcp-server.png'),
        fullPage: true,
      });
      await page.getByRole('button', { name: 'Allow' }).click();
      await b.first.finishAuth((await callbacks.next()).searchParams);
      expect(await echo(beta, 'to beta')).toContain('to beta');

      // 3. A new browser session (signed out, signed in again): both servers are remembered for
      // this client, so alpha is not asked again.
      await browser.context.clearCookies();
      const again = server('alpha', new MemoryOAuthProvider(callbacks.url, 'Consent e2e client'));
      again.provider.saveClientInformation(info);
      const c = await authorizationUrl(again);
      await page.goto(c.url.href);
      await signInIfAsked(page);
      expect(await consentOrCallback(page), 'asked again for an approved server').toBeNull();
      await c.first.finishAuth((await callbacks.next()).searchParams);
      expect(await echo(again, 'alpha again')).toContain('alpha again');
      await page.close();
    },
  );
});
