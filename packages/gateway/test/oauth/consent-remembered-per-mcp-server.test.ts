import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_KIND, consentKey } from '../../src/oauth/consent/remembered.ts';
import {
  Client,
  startTestGateway,
  type TestGateway,
  addAccount,
  browserSignIn,
  registerClient,
} from '@gatehouse/testing/gateway';

// Issue 13, defect 5, through the real gateway: remembered consent covers a (client, MCP server)
// pair. A record written before the change (per client, no servers) covers nothing: the user
// is asked again (fail closed). The Chromium run is e2e/consent-asked-again-for-another-mcp-server.

let gw: TestGateway;
let ada: Client;
let userId: string;

beforeAll(async () => {
  gw = await startTestGateway(`
routes:
  - from: http://alpha.localhost:{{port}}
    to: http://127.0.0.1:9
    mcp: { server: {} }
    allowed_users: [ada@example.com]
  - id: billing
    from: http://beta.localhost:{{port}}
    to: http://127.0.0.1:9
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
  ada = new Client();
  await browserSignIn(ada, `${gw.authUrl}/account`, 'ada@example.com');
  const account = await gw.gateway.store.accounts.findByEmail('ada@example.com');
  if (account === undefined) throw new Error('no account');
  userId = account.id;
});
afterAll(async () => {
  await gw.close();
});

/** Follows an authorization request: the consent page (url, html) or null when none was shown. */
async function consentPageFor(clientId: string, resource: string) {
  const params = new URLSearchParams({
    client_id: clientId,
    redirect_uri: 'http://127.0.0.1:33418/callback',
    response_type: 'code',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    resource,
  });
  let url = `${gw.authUrl}/oauth/authorize?${params.toString()}`;
  for (let step = 0; step < 10; step += 1) {
    const reply = await ada.request(url, { headers: { accept: 'text/html' } });
    if (reply.status === 200) return { url, html: reply.body };
    if (reply.status !== 302 && reply.status !== 303) throw new Error(`${url}: ${reply.status}`);
    const next = new URL(reply.headers.location ?? '', url);
    if (next.port === '33418') return null;
    url = next.href;
  }
  throw new Error('no consent page and no redirect');
}

async function allow(page: { url: string; html: string }): Promise<void> {
  const posted = await ada.postForm(`${page.url}/confirm`, {
    csrf: Client.field(page.html, 'csrf'),
  });
  expect(posted.status).toBe(302);
}

describe('remembered consent', () => {
  it('names the MCP server by its route and URL, and covers only the approved one', async () => {
    const clientId = await registerClient(ada, gw.authUrl);
    const beta = `${gw.origin('beta')}/mcp`;
    const page = await consentPageFor(clientId, beta);
    if (page === null) throw new Error('no consent page for a new client');
    expect(page.html).toContain('billing'); // the route's id, in words
    expect(page.html).toContain(beta);
    expect(page.html).toContain(`Allow Tunnel test client to use beta.localhost:${gw.port}?`);
    await allow(page);
    expect(
      await gw.gateway.store.records.get(CONSENT_KIND, consentKey(userId, clientId), Date.now()),
    ).toMatchObject({ resources: [beta] });
  });

  it('written before it was per MCP server covers nothing: the user is asked again', async () => {
    const clientId = await registerClient(ada, gw.authUrl);
    // The old record: per (user, client), no servers.
    await gw.gateway.store.records.put(
      CONSENT_KIND,
      consentKey(userId, clientId),
      { at: Date.now() },
      null,
    );
    const alpha = `${gw.origin('alpha')}/mcp`;
    const page = await consentPageFor(clientId, alpha);
    expect(page, 'an old per-client consent was taken for this server').not.toBeNull();
    expect(page?.html).toContain(alpha);
  });
});
