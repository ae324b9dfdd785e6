import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client as BrowserLike, PASSWORD } from '@gatehouse/testing/gateway';
import { connectWithOAuth, localFetch, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { startTemplate, type Running } from './support/servers.ts';
import { startTunnelSystem, type TunnelSystem } from './support/tunnel-system.ts';

// Issue 15 item 6: messages with placeholders. The offline 503 said
// `ssh -R 0 -p <ssh port> <gatehouse host>`; a browser opening an MCP URL got raw JSON.
// The whole Gatehouse server, the real OpenSSH client and the template behind the tunnel.

const ADA = 'ada@example.com';

let t: TunnelSystem;
let template: Running;
let ada: BrowserLike;
let remote: string;

beforeAll(async () => {
  template = await startTemplate();
  t = await startTunnelSystem();
  ada = await t.signedInBrowser(ADA);
  const local = new URL(template.url).host;
  await t.signIn(t.key('ada'), ada, ['-R', '0', '127.0.0.1', '--', '--to', local], {
    remember: true,
  });
  await t.waitLive(ADA, 'mcp', 30_000, local);
  remote = await t.remoteUrl(ADA);
});
afterAll(async () => {
  await t?.killSsh();
  await t?.close();
  await template?.close();
});

describe('an MCP URL opened in a browser, and a tunnel gone offline', () => {
  it('a browser gets an HTML page that says what the URL is and how to connect; MCP clients keep the 401 challenge', async () => {
    for (const path of ['/mcp', '/']) {
      const page = await ada.request(`${remote}${path}`, {
        headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      });
      expect(page.status).toBe(401);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['www-authenticate']).toContain('resource_metadata="');
      expect(page.body).toContain('This is an MCP server');
      expect(page.body).toContain(`<code>${remote}/mcp</code>`);
      expect(page.body).not.toContain('{"error"');
    }
    const client = await localFetch(`${remote}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(client.status).toBe(401);
    expect(client.headers.get('www-authenticate')).toContain('resource_metadata="');
    expect(await client.json()).toMatchObject({ error: 'invalid_token' });
  });

  it("offline: the 503 (JSON-RPC and HTML) names this server's real ssh command, no placeholder", async () => {
    const provider = new MemoryOAuthProvider();
    const { client } = await connectWithOAuth({
      mcpUrl: `${remote}/mcp`,
      provider,
      browser: ada,
      credentials: { email: ADA, password: PASSWORD },
    });
    await client.close();
    const token = provider.tokens()?.access_token ?? '';
    await t.killSsh();
    const command = `ssh -R 0 -p ${String(t.sshPort)} localhost`;

    const rpc = await localFetch(`${remote}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(rpc.status).toBe(503);
    const message = ((await rpc.json()) as { error: { message: string } }).error.message;
    expect(message).toContain(`Start one with ${command} (`);
    expect(message).not.toMatch(/<ssh port>|<gatehouse host>/);

    const page = await ada.request(`${remote}/`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/html' },
    });
    expect(page.status).toBe(503);
    expect(page.body).toContain('Tunnel offline');
    expect(page.body).toContain(`<code>${command}</code>`);
  });
});
