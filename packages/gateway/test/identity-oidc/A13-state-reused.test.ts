import { afterAll, beforeAll, expect, test } from 'vitest';
import { rejection, signInAtIdp, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

test('a callback URL completes once; replaying it fails with ERR_OIDC_STATE', async () => {
  const { callback, state } = await signInAtIdp(h);
  await h.provider.complete(callback, state);

  const replay = await rejection(() => h.provider.complete(callback, state));
  expect(replay.code).toBe('ERR_OIDC_STATE');
});

test('two concurrent completions of one callback: exactly one succeeds', async () => {
  const { callback, state } = await signInAtIdp(h);
  const results = await Promise.allSettled([
    h.provider.complete(callback, state),
    h.provider.complete(callback, state),
  ]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const failed = results.find((r) => r.status === 'rejected');
  expect((failed?.reason as { code?: unknown } | undefined)?.code).toBe('ERR_OIDC_STATE');
});
