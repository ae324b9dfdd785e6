import { afterAll, beforeAll, expect, test } from 'vitest';
import { REDIRECT_URI, rejection, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

test('the user pressing Cancel at the IdP yields ERR_OIDC_CALLBACK naming access_denied', async () => {
  const { authorizationUrl, state } = await h.provider.begin({ returnTo: '/' });
  const callback = new URL(await h.idp.authorizeWithForm(authorizationUrl, 'cancel'));
  expect(callback.searchParams.get('error')).toBe('access_denied');

  const error = await rejection(() => h.provider.complete(callback, state));
  expect(error.code).toBe('ERR_OIDC_CALLBACK');
  expect(error.message).toContain('access_denied');
});

test('error_description and odd characters in error from the URL do not reach the message', async () => {
  const { state } = await h.provider.begin({ returnTo: '/' });
  const callback = new URL(REDIRECT_URI);
  callback.search = new URLSearchParams({
    error: 'access_denied<script>alert(1)</script>',
    error_description: 'Call +1-555-0100 to restore your account',
    state,
    iss: h.idp.issuer,
  }).toString();

  const error = await rejection(() => h.provider.complete(callback, state));
  expect(error.code).toBe('ERR_OIDC_CALLBACK');
  expect(error.message).toContain('access_denied');
  expect(error.message).not.toContain('<script>');
  expect(error.message).not.toContain('555-0100');
});
