import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTrafficInspector } from '@gatehouse/testing';
import {
  Client,
  addAccount,
  PASSWORD,
  startTestGateway,
  type TestGateway,
} from '@gatehouse/testing/gateway';

// The /inspect page over plain HTTP, on a real gateway (SQLite, sign-in, CSRF). The inspector is
// an in-test implementation of the core PORT (the gateway's capture is built in parallel).

let t: TestGateway;
const traffic = new MemoryTrafficInspector();
const ids: Record<string, string> = {};

async function signedIn(email: string): Promise<Client> {
  const browser = new Client();
  const page = await browser.request(`${t.authUrl}/signin`, { headers: { accept: 'text/html' } });
  const posted = await browser.postForm(`${t.authUrl}/signin`, {
    email,
    password: PASSWORD,
    csrf: Client.field(page.body, 'csrf'),
    return_to: `${t.authUrl}/inspect`,
  });
  if (posted.status !== 302) throw new Error(`sign-in answered ${String(posted.status)}`);
  return browser;
}

const get = (browser: Client, path: string) =>
  browser.request(`${t.authUrl}${path}`, { headers: { accept: 'text/html' } });

beforeAll(async () => {
  t = await startTestGateway('', { trafficInspector: traffic });
  for (const email of ['ada@example.com', 'bob@example.com', 'root@example.com']) {
    await addAccount(t.gateway.store, email, email.startsWith('root') ? ['admin'] : []);
    const account = await t.gateway.store.accounts.findByEmail(email);
    ids[email] = account?.id ?? '';
  }
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('/inspect on the auth host', () => {
  it('signed out: redirects to sign-in and back to /inspect', async () => {
    const reply = await get(new Client(), '/inspect');
    expect(reply.status).toBe(302);
    const location = new URL(reply.headers.location ?? '');
    expect(location.pathname).toBe('/signin');
    expect(location.searchParams.get('return_to')).toBe(`${t.authUrl}/inspect`);
    const events = await new Client().request(`${t.authUrl}/inspect/events`);
    expect(events.status).toBe(401);
  });

  it('has the pages CSP (plus exactly its one script file), no framing, no caching', async () => {
    const ada = await signedIn('ada@example.com');
    const reply = await get(ada, '/inspect');
    expect(reply.status).toBe(200);
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toContain(`script-src ${t.authUrl}/inspect/app.js;`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(reply.headers['x-frame-options']).toBe('DENY');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.body).toContain('<script src="/inspect/app.js" defer></script>');
    expect(reply.body).not.toMatch(/<script>/);
    const script = await get(ada, '/inspect/app.js');
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toContain("new EventSource('/inspect/events'");
  });

  it('shows captured text escaped, masked headers, a curl with a placeholder token', async () => {
    const evil = `<script>alert(1)</script>"'&`;
    const x = traffic.add({ ownerAccountId: ids['ada@example.com'] ?? '', target: evil });
    const ada = await signedIn('ada@example.com');
    const reply = await get(ada, `/inspect?id=${x.id}`);
    expect(reply.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    expect(reply.body).not.toContain(evil);
    expect(reply.body).toContain('[masked]');
    expect(reply.body).toContain('Authorization: Bearer $GATEHOUSE_TOKEN');
    expect(reply.body).toContain('mcp-tool-allowed');
  });

  it('a non-owner sees none of another user’s calls: not listed, no detail, no export, no replay', async () => {
    const x = traffic.add({ ownerAccountId: ids['ada@example.com'] ?? '', target: 'adas-tool' });
    const bob = await signedIn('bob@example.com');
    const list = await get(bob, '/inspect');
    expect(list.body).not.toContain('adas-tool');
    expect(list.body).toContain('No MCP calls yet');
    const detail = await get(bob, `/inspect?id=${x.id}`);
    expect(detail.body).not.toContain('adas-tool');
    expect(detail.body).toContain('not (or no longer) in the buffer');
    const exported = await get(bob, `/inspect/export?format=json&id=${x.id}`);
    expect(exported.status).toBe(400);
    expect(exported.body).not.toContain('adas-tool');
    const csrf = Client.field((await get(bob, '/account')).body, 'csrf');
    const replay = await bob.postForm(`${t.authUrl}/inspect/replay`, {
      csrf,
      id: x.id,
      arguments: '',
      confirm: 'yes',
    });
    expect(replay.status).toBe(404);
    expect(traffic.replays.filter((r) => r.id === x.id)).toEqual([]);
  });

  it('replay needs the CSRF token and the confirmation, then shows the diff', async () => {
    const x = traffic.add({ ownerAccountId: ids['ada@example.com'] ?? '' });
    traffic.replayAnswer = (_original, options) => {
      const text = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        result: { content: [{ type: 'text', text: String(options?.arguments?.['text']) }] },
      });
      return { response: { text, bytes: text.length, truncated: false } };
    };
    const ada = await signedIn('ada@example.com');
    const page = await get(ada, `/inspect?id=${x.id}`);
    const csrf = Client.field(page.body, 'csrf');
    const fields = { id: x.id, arguments: '{"text":"again"}', confirm: 'yes' };
    const forged = await ada.postForm(`${t.authUrl}/inspect/replay`, fields);
    expect(forged.status).toBe(403);
    const unconfirmed = await ada.postForm(`${t.authUrl}/inspect/replay`, {
      ...fields,
      csrf,
      confirm: '',
    });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toContain('Confirm the replay');
    const badJson = await ada.postForm(`${t.authUrl}/inspect/replay`, {
      ...fields,
      csrf,
      arguments: '[1,2]',
    });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toContain('must be a JSON object');
    expect(traffic.replays.filter((r) => r.id === x.id)).toEqual([]);

    const done = await ada.postForm(`${t.authUrl}/inspect/replay`, { ...fields, csrf });
    expect(done.status).toBe(302);
    expect(traffic.replays.filter((r) => r.id === x.id)).toEqual([
      { id: x.id, options: { arguments: { text: 'again' } } },
    ]);
    const result = await ada.request(new URL(done.headers.location ?? '').href, {
      headers: { accept: 'text/html' },
    });
    expect(result.body).toContain('Replay compared with the original');
    expect(result.body).toMatch(/<span class="diff-del">-\s+&quot;text&quot;: &quot;hello&quot;/);
    expect(result.body).toMatch(/<span class="diff-add">\+\s+&quot;text&quot;: &quot;again&quot;/);
  });

  it('exports the selection as HAR 1.2 and as JSON, masked, without another user’s calls', async () => {
    const mine = traffic.add({ ownerAccountId: ids['ada@example.com'] ?? '', target: 'exported' });
    const theirs = traffic.add({ ownerAccountId: ids['bob@example.com'] ?? '', target: 'bobs' });
    const ada = await signedIn('ada@example.com');
    const har = await get(ada, `/inspect/export?format=har&id=${mine.id}&id=${theirs.id}`);
    expect(har.status).toBe(200);
    expect(har.headers['content-disposition']).toContain('gatehouse-mcp-calls.har');
    const log = (JSON.parse(har.body) as { log: { version: string; entries: unknown[] } }).log;
    expect(log.version).toBe('1.2');
    expect(log.entries).toHaveLength(1);
    expect(har.body).toContain('http://mcp.brave-otter-123.localhost:8787/mcp');
    expect(har.body).toContain('[masked]');
    expect(har.body).not.toContain('bobs');
    const json = await get(ada, `/inspect/export?format=json&id=${mine.id}`);
    expect((JSON.parse(json.body) as { exchanges: { id: string }[] }).exchanges[0]?.id).toBe(
      mine.id,
    );
  });

  it('the live stream sends the viewer’s new calls as SSE and lets go of the inspector on disconnect', async () => {
    const ada = await signedIn('ada@example.com');
    const cookie = [...ada.cookies(new URL(t.authUrl).host)]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const before = traffic.listenerCount;
    let text = '';
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: t.port,
          path: '/inspect/events?tool=live-one',
          headers: { host: new URL(t.authUrl).host, cookie, accept: 'text/event-stream' },
        },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    const arrived = new Promise<void>((resolve) => {
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (text.includes('live-one')) resolve();
      });
    });
    await expect.poll(() => traffic.listenerCount, { timeout: 10_000 }).toBe(before + 1);
    traffic.add({ ownerAccountId: ids['bob@example.com'] ?? '', target: 'live-one' });
    traffic.add({ ownerAccountId: ids['ada@example.com'] ?? '', target: 'other-tool' });
    traffic.add({ ownerAccountId: ids['ada@example.com'] ?? '', target: 'live-one' });
    await arrived;
    const events = text.split('\n\n').filter((e) => e.startsWith('event: exchange'));
    expect(events).toHaveLength(1);
    expect(events[0]).toContain('"target":"live-one"');
    expect(events[0]).toContain('"user":"ada@example.com"');
    response.destroy();
    await expect.poll(() => traffic.listenerCount, { timeout: 10_000 }).toBe(before);
  });

  it('a member of the admin group asks as an admin (the inspector decides what admins see)', async () => {
    traffic.add({ ownerAccountId: ids['bob@example.com'] ?? '', target: 'seen-by-admin' });
    const root = await signedIn('root@example.com');
    expect((await get(root, '/inspect')).body).toContain('seen-by-admin');
    const ada = await signedIn('ada@example.com');
    expect((await get(ada, '/inspect')).body).not.toContain('seen-by-admin');
  });
});
