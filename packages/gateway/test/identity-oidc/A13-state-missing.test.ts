import { afterAll, beforeAll, expect, test } from 'vitest';
import { rejection, signInAtIdp, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

test('a callback without the browser state cookie is refused with ERR_OIDC_STATE', async () => {
  const { callback, state } = await signInAtIdp(h);
  const error = await rejection(() => h.provider.complete(callback, undefined));
  expect(error.code).toBe('ERR_OIDC_STATE');
  // Single use even when refused: the same URL with the right cookie no longer works either.
  expect((await rejection(() => h.provider.complete(callback, state))).code).toBe('ERR_OIDC_STATE');
});

test('a callback without a state parameter is refused with ERR_OIDC_STATE', async () => {
  const { callback, state } = await signInAtIdp(h);
  callback.searchParams.delete('state');
  expect((await rejection(() => h.provider.complete(callback, state))).code).toBe('ERR_OIDC_STATE');
});

test('an empty state cookie counts as missing', async () => {
  const { callback } = await signInAtIdp(h);
  expect((await rejection(() => h.provider.complete(callback, ''))).code).toBe('ERR_OIDC_STATE');
});
