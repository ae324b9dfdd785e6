import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startTestGateway, type TestGateway } from '@gatehouse/testing/gateway';
import { freePort, startEchoUpstream, type SeenRequest } from '@gatehouse/testing';
import { DEFAULT_OIDC_USER, startOidcIdp, type OidcIdp } from '../support/oidc-idp.ts';

let idp: OidcIdp;
let gw: TestGateway;
let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;

beforeAll(async () => {
  const port = await freePort();
  idp = await startOidcIdp({
    users: [
      DEFAULT_OIDC_USER,
      {
        sub: 'user-mallory',
        email: 'mallory@example.com',
        password: 'mallory password 123',
        groups: ['sales'],
      },
    ],
    clients: [
      {
        client_id: 'gatehouse',
        client_secret: 'idp-client-secret-for-tests',
        redirect_uris: [`http://auth.localhost:${port}/oauth2/callback/corp`],
      },
    ],
  });
  upstream = await startEchoUpstream();
  gw = await startTestGateway(
    `
identity_providers:
  - type: builtin
  - type: oidc
    id: corp
    name: Corp SSO
    issuer: ${idp.issuer}
    client_id: gatehouse
    client_secret: idp-client-secret-for-tests
    scopes: [openid, email, profile, groups]
routes:
  - from: http://eng.localhost:{{port}}
    to: ${upstream.url}
    policy:
      allow:
        or: [{ groups: { has: engineering } }]
`,
    { port, allowInsecureIdp: true },
  );
});

afterAll(async () => {
  await gw.close();
  await idp.close();
  await upstream.close();
});

/** Browser steps: route → sign-in page → "Corp SSO" → the IdP's form → callback → route. */
async function signInWithCorp(client: Client, email: string, password: string) {
  const html = { accept: 'text/html' };
  const first = await client.request(`${gw.origin('eng')}/tools`, { headers: html });
  const signIn = await client.request(first.headers.location ?? '', { headers: html });
  const start = /href="([^"]*\/oauth2\/start\/corp[^"]*)"/
    .exec(signIn.body)?.[1]
    ?.replaceAll('&amp;', '&');
  expect(start).toBeDefined();
  const toIdp = await client.request(start ?? '', { headers: html });
  expect(toIdp.status).toBe(302);
  const callback = await idp.authorizeWithForm(toIdp.headers.location ?? '', { email, password });
  expect(callback.startsWith(`${gw.authUrl}/oauth2/callback/corp?`)).toBe(true);
  const back = await client.request(callback, { headers: html });
  if (back.status !== 302) return back;
  return client.follow(new URL(back.headers.location ?? '', gw.authUrl).href, html);
}

describe('sign-in through an upstream OpenID Connect provider', () => {
  it('signs a member of the allowed group in, and the upstream gets a verifiable assertion of who it is', async () => {
    const client = new Client();
    const reply = await signInWithCorp(client, DEFAULT_OIDC_USER.email, DEFAULT_OIDC_USER.password);
    expect(reply.status).toBe(200);
    const seen = JSON.parse(reply.body) as SeenRequest;
    const jwks = JSON.parse(
      (await client.request(`${gw.origin('eng')}/.well-known/gatehouse/jwks.json`)).body,
    ) as { keys: object[] };
    const { payload, protectedHeader } = await jwtVerify(
      String(seen.headers['x-gatehouse-jwt-assertion']),
      createLocalJWKSet(jwks as never),
      {
        issuer: gw.authUrl,
        audience: gw.origin('eng'),
        algorithms: ['ES256'],
      },
    );
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({
      sub: 'corp:user-ada',
      email: 'ada@example.com',
      groups: ['engineering', 'admins'],
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(300);
    // The IdP's tokens never reach the upstream or the logs.
    expect(JSON.stringify(seen.headers)).not.toMatch(/authorization|idp-client-secret/i);
    expect(JSON.stringify(gw.logger.lines)).not.toContain('idp-client-secret-for-tests');
  });

  it('refuses a signed-in user outside the group', async () => {
    const reply = await signInWithCorp(new Client(), 'mallory@example.com', 'mallory password 123');
    expect(reply.status).toBe(403);
  });

  it('A13: a callback replayed (or without the browser state cookie) fails and signs nobody in', async () => {
    const client = new Client();
    const first = await client.request(
      `${gw.authUrl}/oauth2/start/corp?return_to=${encodeURIComponent(`${gw.origin('eng')}/`)}`,
    );
    const callback = await idp.authorizeWithForm(first.headers.location ?? '', DEFAULT_OIDC_USER);
    const stranger = await new Client().request(callback);
    expect(stranger.status).toBe(400);
    expect(
      stranger.headers['set-cookie']?.some(
        (c) => c.startsWith('_gatehouse_session=') && !/max-age=0/i.test(c),
      ),
    ).toBeFalsy();
    // The state was consumed by the failed attempt: the real browser's callback fails too.
    expect((await client.request(callback)).status).toBe(400);
  });
});
