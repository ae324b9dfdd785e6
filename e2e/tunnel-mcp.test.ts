import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Client as BrowserLike, PASSWORD } from '@gatehouse/testing/gateway';
import { spawnSsh, type TestKey } from '@gatehouse/testing';
import { connectWithOAuth, localFetch, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { startTemplate, type Running } from './support/servers.ts';
import { startTunnelSystem, type TunnelSystem } from './support/tunnel-system.ts';

// Issue 7 end to end: the real OpenSSH client, the whole Gatehouse server (gateway + SSH
// tunnel), the MCP App template as the user's local server, and the MCP SDK v2 client.
// The tests run in order: the first signs Ada's key in (remembered); later ones reuse it.

const ADA = 'ada@example.com';
const BOB = 'bob@example.com';
const creds = (email: string) => ({ email, password: PASSWORD });
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let t: TunnelSystem;
let template: Running;
let local: string;
let ada: BrowserLike;
let adaKey: TestKey;
let remote: string;
const adaClient = new MemoryOAuthProvider();

beforeAll(async () => {
  template = await startTemplate();
  local = new URL(template.url).host;
  t = await startTunnelSystem();
  ada = await t.signedInBrowser(ADA);
  adaKey = t.key('ada');
});
afterEach(async () => {
  await t.killSsh();
});
afterAll(async () => {
  await t.close();
  await template.close();
});

/** Ada's remembered key serves the template at route `mcp`; resolves once it is live. */
async function serveTemplate() {
  const ssh = spawnSsh(t.sshPort, adaKey, ['-R', '0', '127.0.0.1', '--', '--to', local]);
  // `--to` arrives as an exec request just after the forward: wait until it has been applied.
  await t.waitLive(ADA, 'mcp', 5000, local);
  return ssh;
}

async function echo(provider: MemoryOAuthProvider, browser: BrowserLike, email: string) {
  const { client } = await connectWithOAuth({
    mcpUrl: `${remote}/mcp`,
    provider,
    browser,
    credentials: creds(email),
  });
  try {
    return await client.callTool({ name: 'echo', arguments: { message: 'today is a great day' } });
  } finally {
    await client.close();
  }
}

describe('ssh -R 0 through the whole Gatehouse system', () => {
  it('first sign-in: the verify URL from ssh, Authorize + Remember me in the browser, then ACTIVE', async () => {
    const { ssh, page } = await t.signIn(
      adaKey,
      ada,
      ['-R', '0', '127.0.0.1', '--', '--to', local],
      { remember: true },
    );
    expect(ssh.output()).toContain('Please sign in to continue');
    expect(page.status).toBe(200);
    expect(page.body).toContain('SSH sign-in authorized');
    remote = await t.remoteUrl(ADA);
    expect(remote).toMatch(/^http:\/\/mcp\.[a-z]+-[a-z]+-\d{3}\.localhost:\d+$/);
    expect(page.body).toContain(remote);
    // The session without a pty prints the Remote URL as plain text.
    await ssh.waitFor(new RegExp(`ACTIVE {2}${literal(remote)} {2}→ {2}${literal(local)}`));
    expect(t.system.tunnel?.list()).toMatchObject([
      { route: 'mcp', fingerprint: adaKey.fingerprint, clientIp: '127.0.0.1', localAddress: local },
    ]);
  });

  it('an MCP client completes OAuth as the owner and calls echo on the template through the tunnel', async () => {
    await serveTemplate();
    const result = await echo(adaClient, ada, ADA);
    expect(JSON.stringify(result.content)).toContain('Echo: today is a great day');
  });

  it('another user cannot take the route, is refused at authorization, and is let in once shared', async () => {
    await serveTemplate();
    const bob = await t.signedInBrowser(BOB);
    // Bob's own `-R 0` serves Bob's namespace; Ada's URL keeps leading to Ada's template.
    await t.signIn(t.key('bob'), bob, ['-N', '-R', '0', '127.0.0.1']);
    await t.waitLive(BOB);
    expect(await t.remoteUrl(BOB)).not.toBe(remote);
    // The route can never let Bob in: the authorization server says so and issues no token.
    const bobClient = new MemoryOAuthProvider();
    await expect(echo(bobClient, bob, BOB)).rejects.toThrow(/authorization stopped at .* with 403/);
    expect(bobClient.tokens()).toBeUndefined();

    const share = spawnSsh(t.sshPort, adaKey, [
      '-o',
      'LogLevel=ERROR',
      '127.0.0.1',
      'share',
      'add',
      BOB,
    ]);
    expect(await share.exited).toBe(0);
    expect(share.output()).toContain(`Shared ${remote} with ${BOB}.`);
    const result = await echo(bobClient, bob, BOB);
    expect(JSON.stringify(result.content)).toContain('Echo: today is a great day');
  });

  it('ssh gone → 503 "tunnel offline" within 1 s, never a dead pooled channel; the remembered key reconnects to the same URL', async () => {
    const first = await serveTemplate();
    const token = adaClient.tokens()?.access_token ?? '';
    expect(token).not.toBe('');
    const call = () =>
      localFetch(`${remote}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        // The hang this guards was 30 s (then 504): a request may take long on a loaded
        // machine, but never that long.
        signal: AbortSignal.timeout(15_000),
      });

    // A first exchange leaves a kept-alive channel of this ssh in the gateway's upstream pool:
    // once ssh is gone, that channel must not be reused (it was: a 30 s hang, then 504).
    const warm = await call();
    expect(warm.status).toBeLessThan(500);
    await warm.arrayBuffer();
    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    await first.exited;
    let reply = await call();
    // Until the server has seen the ssh connection close, a request may still be answered by it.
    while (reply.status !== 503 && Date.now() - killedAt < 15_000) {
      await reply.arrayBuffer();
      reply = await call();
    }
    expect(reply.status).toBe(503);
    expect(await reply.json()).toMatchObject({
      jsonrpc: '2.0',
      error: { code: -32000, message: expect.stringContaining('offline') as unknown },
    });
    // A browser gets a page that says so.
    const page = await ada.request(`${remote}/`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/html' },
    });
    expect(page.status).toBe(503);
    expect(page.body).toContain('Tunnel offline');

    const signIns = () => t.logger.lines.filter((l) => l.obj.event === 'ssh-signin-started').length;
    const before = signIns();
    const again = await serveTemplate();
    expect(signIns()).toBe(before);
    expect(again.output()).not.toMatch(/sign in/i);
    expect(await t.remoteUrl(ADA)).toBe(remote);
    const result = await echo(adaClient, ada, ADA);
    expect(JSON.stringify(result.content)).toContain('Echo: today is a great day');
  });

  it('a denied code ends the ssh attempt with a clear message', async () => {
    const mallory = t.key('mallory');
    const { ssh, page } = await t.signIn(mallory, ada, ['-N', '-R', '0', '127.0.0.1'], {
      decision: 'deny',
    });
    expect(page.body).toContain('SSH sign-in denied');
    expect(await ssh.exited).not.toBe(0);
    expect(ssh.output()).toContain('The sign-in was denied in the browser');
    expect(t.system.tunnel?.list().some((l) => l.fingerprint === mallory.fingerprint)).toBe(false);
  });
});
