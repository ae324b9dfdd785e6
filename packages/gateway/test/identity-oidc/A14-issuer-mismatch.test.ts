import { afterAll, beforeAll, expect, test } from 'vitest';
import { OIDC_PENDING_KIND } from '../../src/identity/oidc/index.ts';
import { rejection, signInAtIdp, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

test('a callback whose iss is another issuer fails with ERR_OIDC_ISSUER_MISMATCH and burns the pending sign-in', async () => {
  const { callback, state } = await signInAtIdp(h);
  expect(callback.searchParams.get('iss')).toBe(h.idp.issuer);
  expect(await h.store.records.get(OIDC_PENDING_KIND, state, h.clock.now())).toBeDefined();

  const forged = new URL(callback);
  forged.searchParams.set('iss', 'https://evil.example');
  expect((await rejection(() => h.provider.complete(forged, state))).code).toBe(
    'ERR_OIDC_ISSUER_MISMATCH',
  );

  expect(await h.store.records.get(OIDC_PENDING_KIND, state, h.clock.now())).toBeUndefined();
  // The genuine callback cannot be used afterwards either.
  expect((await rejection(() => h.provider.complete(callback, state))).code).toBe('ERR_OIDC_STATE');
});

test('iss differing only by a trailing slash is a mismatch (RFC 9207: simple string comparison)', async () => {
  const { callback, state } = await signInAtIdp(h);
  callback.searchParams.set('iss', `${h.idp.issuer}/`);
  expect((await rejection(() => h.provider.complete(callback, state))).code).toBe(
    'ERR_OIDC_ISSUER_MISMATCH',
  );
});

test('a missing iss fails when the IdP advertises authorization_response_iss_parameter_supported', async () => {
  const { callback, state } = await signInAtIdp(h);
  callback.searchParams.delete('iss');
  expect((await rejection(() => h.provider.complete(callback, state))).code).toBe(
    'ERR_OIDC_ISSUER_MISMATCH',
  );
});
