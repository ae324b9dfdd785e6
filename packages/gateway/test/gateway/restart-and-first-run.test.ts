import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  startTestGateway,
  type TestGateway,
  addAccount,
  browserSignIn,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { startEchoUpstream } from '@gatehouse/testing';

let dataDir: string;
let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
const config = (url: string) => `
routes:
  - from: http://app.localhost:{{port}}
    to: ${url}
    allow_any_authenticated_user: true
`;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-restart-'));
  upstream = await startEchoUpstream();
});
afterAll(async () => {
  await upstream.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('first run, accounts and restarts', () => {
  let gw: TestGateway;

  it('prints a one-time admin link on a first start that creates the first admin, and works once', async () => {
    gw = await startTestGateway(config(upstream.url), { dataDir, adminEmail: 'root@example.com' });
    const link = gw.gateway.firstRunLink ?? '';
    expect(link).toMatch(/\/signin\/link\?token=[\w-]{51}$/);
    // The link is never logged.
    expect(JSON.stringify(gw.logger.lines)).not.toContain(new URL(link).searchParams.get('token'));
    const client = new Client();
    const form = await client.request(link);
    expect(form.status).toBe(200);
    const fields = {
      token: Client.field(form.body, 'token'),
      csrf: Client.field(form.body, 'csrf'),
    };
    const weak = await client.postForm(`${gw.authUrl}/signin/link`, {
      ...fields,
      password: 'short',
      password_confirm: 'short',
    });
    expect(weak.status).toBe(400);
    const set = await client.postForm(`${gw.authUrl}/signin/link`, {
      ...fields,
      password: PASSWORD,
      password_confirm: PASSWORD,
    });
    expect(set.status).toBe(302);
    const account = await gw.gateway.store.accounts.findByEmail('root@example.com');
    expect(account?.groups).toEqual(['admin']);
    expect((await new Client().request(link)).status).toBe(410);
  });

  it('sessions and accounts survive a restart with the same data dir; no new admin link', async () => {
    const client = new Client();
    expect((await browserSignIn(client, `${gw.origin('app')}/`, 'root@example.com')).status).toBe(
      200,
    );
    const port = gw.port;
    await gw.close();
    gw = await startTestGateway(config(upstream.url), { dataDir, port });
    expect(gw.gateway.firstRunLink).toBeUndefined();
    const again = await client.request(`${gw.origin('app')}/`, {
      headers: { accept: 'text/html' },
    });
    expect(again.status).toBe(200);
  });

  it('the account page lists sessions and revokes another one', async () => {
    const a = new Client();
    const b = new Client();
    await browserSignIn(a, `${gw.origin('app')}/`, 'root@example.com');
    await browserSignIn(b, `${gw.origin('app')}/`, 'root@example.com');
    const page = await a.request(`${gw.authUrl}/account`);
    const handles = [...page.body.matchAll(/name="handle"[^>]*value="([\w-]+)"/g)].map(
      (m) => m[1] ?? '',
    );
    expect(handles.length).toBeGreaterThanOrEqual(2);
    for (const handle of handles) {
      const current = await a.request(`${gw.authUrl}/account`);
      if (current.status !== 200) break;
      await a.postForm(`${gw.authUrl}/account/sessions/revoke`, {
        handle,
        csrf: Client.field(current.body, 'csrf'),
      });
    }
    expect(
      (await b.request(`${gw.origin('app')}/`, { headers: { accept: 'application/json' } })).status,
    ).toBe(401);
  });

  it('rate-limits password attempts per account', async () => {
    await addAccount(gw.gateway.store, 'target@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const client = new Client();
      const page = await client.request(`${gw.authUrl}/signin`);
      const reply = await client.postForm(`${gw.authUrl}/signin`, {
        email: 'target@example.com',
        password: `wrong guess number ${i}`,
        csrf: Client.field(page.body, 'csrf'),
      });
      statuses.push(reply.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Even the right password is refused while limited.
    const client = new Client();
    const page = await client.request(`${gw.authUrl}/signin`);
    expect(
      (
        await client.postForm(`${gw.authUrl}/signin`, {
          email: 'target@example.com',
          password: PASSWORD,
          csrf: Client.field(page.body, 'csrf'),
        })
      ).status,
    ).toBe(429);
    await gw.close();
  }, 30_000);
});
