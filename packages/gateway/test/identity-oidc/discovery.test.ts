import { createServer } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { createOidcProvider } from '../../src/identity/oidc/index.ts';
import { DEFAULT_OIDC_USER, startOidcIdp } from '../support/oidc-idp.ts';
import { CLIENT_SECRET, rejection, startHarness, type Harness } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function harness(options: Parameters<typeof startHarness>[0]): Promise<Harness> {
  const h = await startHarness(options);
  cleanups.push(() => h.close());
  return h;
}

test('a dead issuer fails with ERR_OIDC_DISCOVERY naming it; begin works once the IdP is up', async () => {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const h = await harness({ issuer });

  const error = await rejection(() => h.provider.begin({ returnTo: '/' }));
  expect(error.code).toBe('ERR_OIDC_DISCOVERY');
  expect(error.message).toContain(issuer);
  expect(error.message).not.toContain(CLIENT_SECRET);

  const idp = await startOidcIdp({ port });
  cleanups.push(() => idp.close());
  const { authorizationUrl, state } = await h.provider.begin({ returnTo: '/' });
  const callback = await idp.authorizeWithForm(authorizationUrl, DEFAULT_OIDC_USER);
  const { identity } = await h.provider.complete(new URL(callback), state);
  expect(identity.subject).toBe('user-ada');
});

test('an issuer whose metadata names a different issuer fails with ERR_OIDC_DISCOVERY', async () => {
  // OIDC Discovery §4.3: the metadata `issuer` must be identical to the URL discovered from.
  const h = await harness({ idp: { issuerPath: '/realms/test' } });
  const other = await harness({ idp: { issuerPath: '/realms/test' }, issuer: `${h.idp.issuer}/` });
  expect((await rejection(() => other.provider.begin({ returnTo: '/' }))).code).toBe(
    'ERR_OIDC_DISCOVERY',
  );
});

test('an issuer that serves no discovery document fails with ERR_OIDC_DISCOVERY', async () => {
  const h = await harness({ idp: { issuerPath: '/realms/test' } });
  const other = await harness({
    issuer: `${h.idp.issuer.replace('/realms/test', '/realms/absent')}`,
  });
  const error = await rejection(() => other.provider.begin({ returnTo: '/' }));
  expect(error.code).toBe('ERR_OIDC_DISCOVERY');
});

test('a plain-http issuer is refused unless allowInsecureRequests is set', async () => {
  const h = await harness({});
  const strict = createOidcProvider({
    id: 'corp',
    issuer: h.idp.issuer,
    clientId: 'gatehouse',
    scopes: ['openid'],
    redirectUri: 'http://auth.localhost:8787/oauth2/callback/corp',
    store: h.store.records,
  });
  expect((await rejection(() => strict.begin({ returnTo: '/' }))).code).toBe('ERR_OIDC_DISCOVERY');
});
