import { afterAll, beforeAll, expect, test } from 'vitest';
import { rejection, signInAtIdp, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

test('a callback whose state is not the browser cookie is refused, and the browser own sign-in survives', async () => {
  // Login CSRF: an attacker signs in at the IdP and hands the victim the resulting callback URL.
  const attacker = await signInAtIdp(h);
  const victim = await signInAtIdp(h);

  const error = await rejection(() => h.provider.complete(attacker.callback, victim.state));
  expect(error.code).toBe('ERR_OIDC_STATE');

  const { identity } = await h.provider.complete(victim.callback, victim.state);
  expect(identity.subject).toBe('user-ada');
});
