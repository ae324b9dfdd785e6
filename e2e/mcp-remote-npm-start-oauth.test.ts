import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWidgetRegistry } from '@gatehouse/app-kit';
import { silentLogger } from '@gatehouse/core';
import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllSsh, makeKey, spawnSsh, type TestKey, freePorts } from '@gatehouse/testing';
import { createApp, type App } from '../template/server/src/app.ts';
import { tools } from '../template/server/src/tools/index.ts';
import { allowOnConsentPage, consentPageText } from './support/devhost-oauth-gateway-pages.ts';
import { spawnMcpRemote, type McpRemote } from './support/mcp-remote.ts';
import { npmStart, type StartedProcess } from './support/quickstart.ts';
import { TEMPLATE_ASSETS } from './support/servers.ts';

// Defect 8 (issue 13): mcp-remote, the stdio bridge Claude Desktop users run, completes OAuth
// against `npm start`'s defaults. Its MCP SDK sends credentials only to https token endpoints or
// to the loopback names localhost / 127.0.0.1 / ::1, with no flag to relax it: with the
// authenticate service on auth.localhost it refused the token exchange after the user had
// signed in and approved. The real `npm start`, a real `ssh -R 0` tunnel, mcp-remote spawned
// and spoken to over stdio, Chromium for the browser steps.

const ADMIN_PASSWORD = 'mcp remote admin passphrase';
const FIRST_RUN_LINK = /http:\/\/[a-z.]*localhost:\d+\/signin\/link\?token=[\w-]+/;
const VERIFY_URL = /http:\/\/[a-z.]*localhost:\d+\/ssh\/verify\?user_code=[A-Z]{4}-[A-Z]{4}/;

let dir: string;
let ports: { edge: number; ssh: number; mcp: number; callback: number };
let template: App;
let system: StartedProcess;
let browser: Browser;
let page: Page;
let key: TestKey;
let mcpUrl: string;
let remote: McpRemote | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-mcp-remote-'));
  const [edge = 0, ssh = 0, mcp = 0, callback = 0] = await freePorts(4);
  ports = { edge, ssh, mcp, callback };
  // The template's production build where `npm start` would run it in dev mode: the same
  // server and tools, without a widget dev server to start.
  template = createApp({
    name: 'mcp-app-template',
    version: 'e2e',
    logger: silentLogger,
    registry: createWidgetRegistry({ mode: 'production', assetsDir: TEMPLATE_ASSETS }),
    tools,
    assetsDir: TEMPLATE_ASSETS,
    allowedOrigins: [],
    allowedHosts: [],
    sessionMaxAgeMs: 60_000,
    maxBodyBytes: 1024 * 1024,
  });
  await new Promise<void>((resolve) => template.server.listen(mcp, '127.0.0.1', resolve));
  expect((template.server.address() as AddressInfo).port).toBe(mcp);
  key = makeKey(dir, 'laptop');
  browser = await launchBrowser(process.env);
  page = await browser.context.newPage();
});

afterAll(async () => {
  await remote?.stop();
  await killAllSsh();
  await browser?.close();
  if (system !== undefined && system.child.exitCode === null) {
    system.child.kill('SIGINT');
    const timer = setTimeout(() => system.child.kill('SIGKILL'), 15_000);
    await system.exited;
    clearTimeout(timer);
  }
  await template?.close(500);
  await rm(dir, { recursive: true, force: true });
});

describe("mcp-remote against npm start's defaults", () => {
  it(
    'npm start, the first admin in Chromium, ssh -R 0 authorized in Chromium: a tunnel URL',
    { timeout: 300_000 },
    async () => {
      system = npmStart([
        '--data-dir',
        path.join(dir, 'data'),
        '--edge-port',
        String(ports.edge),
        '--ssh-port',
        String(ports.ssh),
        '--mcp-port',
        String(ports.mcp),
        '--no-template',
        '--no-devhost',
      ]);
      await system.waitFor(/Ready in \d+\.\d s\./, 120_000);
      const [link = ''] = await system.waitFor(FIRST_RUN_LINK, 60_000);
      await page.goto(link);
      await page.getByLabel('New password').fill(ADMIN_PASSWORD);
      await page.getByLabel('Repeat the password').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Set password and sign in' }).click();
      await expect
        .poll(() => page.locator('body').innerText(), { timeout: 30_000 })
        .toContain('admin@localhost');

      const ssh = spawnSsh(ports.ssh, key, ['-N', '-R', '0', 'localhost']);
      const [verifyUrl = ''] = await ssh.waitFor(VERIFY_URL, 60_000);
      await page.goto(verifyUrl);
      await page.getByRole('button', { name: 'Authorize' }).click();
      await expect
        .poll(() => page.locator('body').innerText(), { timeout: 30_000 })
        .toContain('SSH sign-in authorized');
      const [, url = ''] = await system.waitFor(/MCP URL: (\S+\/mcp)/, 60_000);
      mcpUrl = url;
      expect(mcpUrl).toMatch(/^http:\/\/mcp\.[a-z]+-[a-z]+-\d+\.localhost:\d+\/mcp$/);
    },
  );

  it(
    'mcp-remote signs in (DCR, PKCE, consent in Chromium), then initialize, tools/list and echo over stdio',
    { timeout: 300_000 },
    async () => {
      remote = await spawnMcpRemote({
        url: mcpUrl,
        callbackPort: ports.callback,
        // A *.localhost URL is plain http on a name mcp-remote does not treat as loopback.
        flags: ['--allow-http', '--auth-timeout', '300'],
        dir,
      });
      await remote.waitForLog(/Please authorize this client by visiting/, 60_000);
      await expect.poll(() => remote?.opened(), { timeout: 30_000 }).toHaveLength(1);
      const [authorizationUrl = ''] = await remote.opened();
      // What mcp-remote learned from the server's metadata: npm start's authenticate service, on a
      // name its SDK lets credentials go to over http.
      const issuer = new URL(authorizationUrl).origin;
      expect(issuer).toBe(`http://localhost:${String(ports.edge)}`);
      await page.goto(authorizationUrl);
      // Chromium is signed in at the authenticate service already: straight to the consent page.
      expect(await consentPageText(page, issuer)).toContain(mcpUrl);
      await allowOnConsentPage(page);
      await page.waitForURL((u) => u.port === String(ports.callback), { timeout: 30_000 });
      await remote.waitForLog(/Proxy established successfully/, 120_000);
      expect(remote.log()).not.toContain('Refusing to send credentials');

      const init = await remote.request('initialize', {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'claude-desktop-like', version: '1.0.0' },
      });
      expect(init.error).toBeUndefined();
      expect(init.result?.['serverInfo']).toMatchObject({ name: 'mcp-app-template' });
      remote.notify('notifications/initialized');

      const listed = await remote.request('tools/list');
      const names = (listed.result?.['tools'] as { name: string }[] | undefined)?.map(
        (t) => t.name,
      );
      expect(names).toContain('echo');

      const called = await remote.request('tools/call', {
        name: 'echo',
        arguments: { message: 'today is a great day' },
      });
      expect(called.error).toBeUndefined();
      expect(called.result?.['content']).toEqual([
        { type: 'text', text: 'Echo: today is a great day' },
      ]);
    },
  );
});
