import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  CLIENT_SECRET,
  messagesOf,
  rejection,
  signInAtIdp,
  startHarness,
  type Harness,
} from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

test('a tampered code fails with ERR_OIDC_EXCHANGE and the error carries neither code nor secret', async () => {
  const { callback, state } = await signInAtIdp(h);
  const code = callback.searchParams.get('code') ?? '';
  expect(code).not.toBe('');
  const tamperedCode = `${code.slice(0, -4)}AAAA`;
  callback.searchParams.set('code', tamperedCode);

  const error = await rejection(() => h.provider.complete(callback, state));

  expect(error.code).toBe('ERR_OIDC_EXCHANGE');
  expect(error.message).toContain('invalid_grant');
  const text = messagesOf(error);
  expect(text).not.toContain(code);
  expect(text).not.toContain(tamperedCode);
  expect(text).not.toContain(CLIENT_SECRET);
});

test('a wrong client secret fails with ERR_OIDC_EXCHANGE without echoing the secret', async () => {
  const wrongSecret = 'wrong-secret-that-must-not-leak';
  const other = await startHarness({ client: { id: 'gatehouse', secret: wrongSecret } });
  try {
    const { callback, state } = await signInAtIdp(other);
    const error = await rejection(() => other.provider.complete(callback, state));
    expect(error.code).toBe('ERR_OIDC_EXCHANGE');
    expect(messagesOf(error)).not.toContain(wrongSecret);
    expect(messagesOf(error)).not.toContain(callback.searchParams.get('code') ?? '<none>');
  } finally {
    await other.close();
  }
});
