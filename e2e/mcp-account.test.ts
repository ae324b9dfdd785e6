import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client as BrowserLike,
  startTestGateway,
  type TestGateway,
  addAccount,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { connectWithOAuth, localFetch, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { startTemplate, type Running } from './support/servers.ts';

let upstream: Running;
let gw: TestGateway;
let mcpUrl: string;

beforeAll(async () => {
  upstream = await startTemplate();
  gw = await startTestGateway(`
routes:
  - from: http://app.localhost:{{port}}
    to: ${new URL(upstream.url).origin}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
  mcpUrl = `${gw.origin('app')}/mcp`;
});

afterAll(async () => {
  await gw.close();
  await upstream.close();
});

describe('connected MCP clients on the account page', () => {
  it('lists an authorized client, revokes it, and then its refresh token is dead and consent is asked again', async () => {
    const browser = new BrowserLike();
    const provider = new MemoryOAuthProvider('http://127.0.0.1:33419/callback', 'Revocable Client');
    const { client } = await connectWithOAuth({
      mcpUrl,
      provider,
      browser,
      credentials: { email: 'ada@example.com', password: PASSWORD },
    });
    await client.close();

    const page = await browser.request(`${gw.authUrl}/account`);
    expect(page.body).toContain('Revocable Client');
    const grant = BrowserLike.field(page.body, 'grant');
    const revoked = await browser.postForm(`${gw.authUrl}/account/clients/revoke`, {
      grant,
      csrf: BrowserLike.field(page.body, 'csrf'),
    });
    expect(revoked.status).toBe(302);
    expect((await browser.request(`${gw.authUrl}/account`)).body).not.toContain('Revocable Client');

    // The refresh token died with the grant.
    const info = provider.clientInformation();
    const refresh = await localFetch(`${gw.authUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: provider.tokens()?.refresh_token ?? '',
        client_id: info?.client_id ?? '',
      }).toString(),
    });
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error: string }).error).toBe('invalid_grant');

    // The remembered consent is gone too: the next authorization shows the consent page again.
    let sawConsent = false;
    const again = new MemoryOAuthProvider('http://127.0.0.1:33419/callback', 'Revocable Client');
    const second = await connectWithOAuth({
      mcpUrl,
      provider: again,
      browser: new Proxy(browser, {
        get(target, key, receiver) {
          if (key === 'postForm') {
            return (url: string, fields: Record<string, string>) => {
              if (url.includes('/oauth/interaction/')) sawConsent = true;
              return target.postForm(url, fields);
            };
          }
          return Reflect.get(target, key, receiver) as unknown;
        },
      }),
      credentials: { email: 'ada@example.com', password: PASSWORD },
    });
    expect(sawConsent).toBe(true);
    await second.client.close();
  });
});
