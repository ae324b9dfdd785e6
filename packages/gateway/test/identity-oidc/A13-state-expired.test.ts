import { afterAll, beforeAll, expect, test } from 'vitest';
import { rejection, signInAtIdp, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

test('a callback more than 10 minutes after begin fails with ERR_OIDC_STATE', async () => {
  const { callback, state } = await signInAtIdp(h);
  h.clock.advance(11 * 60_000);
  expect((await rejection(() => h.provider.complete(callback, state))).code).toBe('ERR_OIDC_STATE');
});

test('a callback just under 10 minutes after begin still completes', async () => {
  const { callback, state } = await signInAtIdp(h);
  h.clock.advance(9 * 60_000 + 59_000);
  const { identity } = await h.provider.complete(callback, state);
  expect(identity.subject).toBe('user-ada');
});
