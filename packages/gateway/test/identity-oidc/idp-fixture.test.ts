import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_OIDC_USER } from '../support/oidc-idp.ts';
import { startHarness, type Harness } from './harness.ts';

// The shared test IdP is reused by other suites; these guard the behaviour they rely on.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

test('authorizeWithForm throws when the IdP rejects the password', async () => {
  const { authorizationUrl } = await h.provider.begin({ returnTo: '/' });
  await expect(
    h.idp.authorizeWithForm(authorizationUrl, {
      email: DEFAULT_OIDC_USER.email,
      password: 'wrong password',
    }),
  ).rejects.toThrow(/rejected the sign-in/);
});

test('the IdP serves a plain HTML login form with email and password fields', async () => {
  const { authorizationUrl } = await h.provider.begin({ returnTo: '/' });
  const redirect = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = redirect.headers.get('location') ?? '';
  expect(redirect.status).toBe(303);
  const page = await fetch(new URL(location, authorizationUrl), {
    headers: {
      cookie: redirect.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
    },
  });
  const html = await page.text();
  expect(page.status).toBe(200);
  expect(html).toMatch(
    /<form method="post" action="\/interaction\/[^"]+\/login" data-form="login">/,
  );
  expect(html).toContain('name="email"');
  expect(html).toContain('name="password"');
});

test('the IdP is stopped by close()', async () => {
  const other = await startHarness();
  await other.close();
  await expect(fetch(`${other.idp.issuer}/.well-known/openid-configuration`)).rejects.toThrow();
});
