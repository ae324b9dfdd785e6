import { createHash, randomBytes } from 'node:crypto';
import { Client, type Reply } from '../../support/gateway-harness.ts';

const REDIRECT_URI = 'http://127.0.0.1:33418/callback';

async function registerClient(browser: Client, authUrl: string): Promise<string> {
  const reply = await browser.request(`${authUrl}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Tunnel test client',
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
  if (reply.status !== 201) throw new Error(`registration answered ${reply.status}: ${reply.body}`);
  return (JSON.parse(reply.body) as { client_id: string }).client_id;
}

/** The authorization request as a browser that is already signed in: consent, then the code. */
export async function authorize(
  browser: Client,
  authUrl: string,
  clientId: string,
  resource: string,
): Promise<{ reply: Reply; code?: string; error?: string; verifier: string }> {
  const verifier = randomBytes(32).toString('base64url');
  const params = new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: 'st',
    resource,
  });
  let url = `${authUrl}/oauth/authorize?${params.toString()}`;
  for (let step = 0; step < 12; step += 1) {
    let reply = await browser.request(url, { headers: { accept: 'text/html' } });
    if (reply.status === 200 && new URL(url).pathname.startsWith('/oauth/interaction/')) {
      reply = await browser.postForm(`${url}/confirm`, { csrf: Client.field(reply.body, 'csrf') });
    }
    const location = reply.headers.location;
    if (reply.status < 300 || reply.status > 399 || location === undefined)
      return { reply, verifier };
    const next = new URL(location, url);
    if (next.href.startsWith(REDIRECT_URI)) {
      const code = next.searchParams.get('code');
      const error = next.searchParams.get('error');
      return {
        reply,
        verifier,
        ...(code === null ? {} : { code }),
        ...(error === null ? {} : { error }),
      };
    }
    url = next.href;
  }
  throw new Error('too many steps in the authorization flow');
}

/** Register, authorize and redeem as the signed-in `browser`: an access token for `resource`. */
export async function accessTokenFor(
  browser: Client,
  authUrl: string,
  resource: string,
): Promise<string> {
  const clientId = await registerClient(browser, authUrl);
  const { code, verifier, error } = await authorize(browser, authUrl, clientId, resource);
  if (code === undefined) throw new Error(`no code: ${error ?? 'no redirect'}`);
  const reply = await browser.request(`${authUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
      resource,
    }).toString(),
  });
  if (reply.status !== 200) throw new Error(`token answered ${reply.status}: ${reply.body}`);
  return (JSON.parse(reply.body) as { access_token: string }).access_token;
}

export { registerClient };
