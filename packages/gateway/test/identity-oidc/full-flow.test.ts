import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_OIDC_USER } from '../support/oidc-idp.ts';
import { REDIRECT_URI, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

test('begin → IdP login form → complete yields the IdP identity and the remembered returnTo', async () => {
  const { authorizationUrl, state } = await h.provider.begin({
    returnTo: 'http://app.localhost:8787/dashboard?x=1',
  });
  const callback = await h.idp.authorizeWithForm(authorizationUrl, DEFAULT_OIDC_USER);
  expect(callback.startsWith(`${REDIRECT_URI}?`)).toBe(true);

  const { identity, returnTo } = await h.provider.complete(new URL(callback), state);

  expect(returnTo).toBe('http://app.localhost:8787/dashboard?x=1');
  expect(identity).toMatchObject({
    subject: 'user-ada',
    email: 'ada@example.com',
    emailVerified: true,
    name: 'Ada Lovelace',
    groups: ['engineering', 'admins'],
  });
  expect(identity.claims).toMatchObject({
    sub: 'user-ada',
    iss: h.idp.issuer,
    email: 'ada@example.com',
  });
  for (const protocolClaim of [
    'nonce',
    'at_hash',
    'exp',
    'iat',
    'aud',
    'access_token',
    'id_token',
  ]) {
    expect(identity.claims).not.toHaveProperty(protocolClaim);
  }
});

test('an unverified email and a user without groups map to emailVerified false and groups []', async () => {
  const other = await startHarness({
    idp: {
      users: [
        { sub: 'user-bob', email: 'bob@example.com', password: 'hunter22', email_verified: false },
      ],
    },
  });
  try {
    const { authorizationUrl, state } = await other.provider.begin({ returnTo: '/' });
    const callback = await other.idp.authorizeWithForm(authorizationUrl, {
      email: 'bob@example.com',
      password: 'hunter22',
    });
    const { identity } = await other.provider.complete(new URL(callback), state);
    expect(identity).toMatchObject({
      subject: 'user-bob',
      email: 'bob@example.com',
      emailVerified: false,
      name: null,
      groups: [],
    });
    expect(identity.claims).not.toHaveProperty('groups');
  } finally {
    await other.close();
  }
});

test('an issuer under a path and a public client (PKCE only, no secret) sign in too', async () => {
  const other = await startHarness({
    idp: {
      issuerPath: '/realms/test',
      clients: [{ client_id: 'public-app', redirect_uris: [REDIRECT_URI] }],
    },
    client: { id: 'public-app' },
  });
  try {
    expect(new URL(other.idp.issuer).pathname).toBe('/realms/test');
    const { authorizationUrl, state } = await other.provider.begin({ returnTo: '/' });
    expect(authorizationUrl.startsWith(`${other.idp.issuer}/`)).toBe(true);
    const callback = await other.idp.authorizeWithForm(authorizationUrl, DEFAULT_OIDC_USER);
    const { identity } = await other.provider.complete(new URL(callback), state);
    expect(identity.subject).toBe('user-ada');
    expect(identity.claims['iss']).toBe(other.idp.issuer);
  } finally {
    await other.close();
  }
});
