import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestGateway, type TestGateway } from '../support/gateway-harness.ts';
import { addAccount, browserSignIn } from '../support/signin.ts';
import { authorize, registerClient } from '../tunnel-accounts/support/oauth.ts';

// A user whom the route's policy can never let in (their identity rules them out, whatever MCP
// request they make) is refused at authorization: a page says why, and no code or token is
// issued. Pomerium issues the token and refuses every call later. A user whom an MCP criterion
// could still let in gets the consent page as before.

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway(`
routes:
  - from: http://tools.localhost:{{port}}
    to: http://127.0.0.1:9
    mcp: { server: {} }
    allowed_users: [ada@example.com]
  - from: http://echo.localhost:{{port}}
    to: http://127.0.0.1:9
    mcp: { server: {} }
    policy:
      allow: { or: [ { mcp_tool: { is: echo } } ] }
`);
  for (const email of ['ada@example.com', 'eve@example.com'])
    await addAccount(gw.gateway.store, email);
});
afterAll(async () => {
  await gw.close();
});

async function signedIn(email: string): Promise<Client> {
  const browser = new Client();
  await browserSignIn(browser, `${gw.authUrl}/account`, email);
  return browser;
}

/** Follows the authorization request to the consent step and returns its URL and answer. */
async function interaction(browser: Client, clientId: string, resource: string) {
  const params = new URLSearchParams({
    client_id: clientId,
    redirect_uri: 'http://127.0.0.1:33418/callback',
    response_type: 'code',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    resource,
  });
  let url = `${gw.authUrl}/oauth/authorize?${params.toString()}`;
  for (let step = 0; step < 8; step += 1) {
    const reply = await browser.request(url, { headers: { accept: 'text/html' } });
    // The login interaction redirects on (the browser is signed in); the consent one answers.
    if (new URL(url).pathname.startsWith('/oauth/interaction/') && reply.status !== 302)
      return { url, reply };
    url = new URL(reply.headers.location ?? '', url).href;
  }
  throw new Error('no interaction page');
}

describe('authorization for a user the route never allows', () => {
  it('shows why instead of consent, and a forged confirm issues no code', async () => {
    const eve = await signedIn('eve@example.com');
    const resource = `${gw.origin('tools')}/mcp`;
    const clientId = await registerClient(eve, gw.authUrl);
    const { url, reply } = await interaction(eve, clientId, resource);
    expect(reply.status).toBe(403);
    expect(reply.body).toContain(`eve@example.com may not use ${resource}`);
    expect(reply.body).not.toContain('Allow');

    // The consent form's post, forged with a valid CSRF token from another page: still refused.
    const csrf = Client.field((await eve.request(`${gw.authUrl}/account`)).body, 'csrf');
    const forged = await eve.postForm(`${url}/confirm`, { csrf });
    expect(forged.status).toBe(403);
    expect(forged.headers.location).toBeUndefined();
    expect(
      gw.logger.lines.some(
        (l) => l.obj['event'] === 'oauth-consent' && l.obj['outcome'] === 'refused-by-policy',
      ),
    ).toBe(true);
  });

  it('the allowed user, and a user an MCP criterion could let in, still get to consent and a code', async () => {
    const ada = await signedIn('ada@example.com');
    const adaCode = await authorize(
      ada,
      gw.authUrl,
      await registerClient(ada, gw.authUrl),
      `${gw.origin('tools')}/mcp`,
    );
    expect(adaCode.code).toBeDefined();
    const eve = await signedIn('eve@example.com');
    const eveCode = await authorize(
      eve,
      gw.authUrl,
      await registerClient(eve, gw.authUrl),
      `${gw.origin('echo')}/mcp`,
    );
    expect(eveCode.code).toBeDefined();
  });
});
