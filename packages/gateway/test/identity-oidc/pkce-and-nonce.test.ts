import { afterAll, beforeAll, expect, test } from 'vitest';
import { REDIRECT_URI, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

test('the authorization URL carries PKCE S256, a nonce, the state and the exact redirect_uri', async () => {
  const { authorizationUrl, state } = await h.provider.begin({ returnTo: '/' });
  const url = new URL(authorizationUrl);
  const q = url.searchParams;

  expect(url.href.startsWith(`${h.idp.issuer}/`)).toBe(true);
  expect(q.get('response_type')).toBe('code');
  expect(q.get('client_id')).toBe('gatehouse');
  expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
  expect(q.get('scope')).toBe('openid email profile groups');
  expect(q.get('code_challenge_method')).toBe('S256');
  // RFC 7636 §4.2: base64url of a SHA-256 digest is 43 characters.
  expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  expect(q.get('state')).toBe(state);
  expect(state).toMatch(/^[A-Za-z0-9_-]{22,}$/);
});

test('every begin draws a fresh state, nonce and code challenge', async () => {
  const a = new URL((await h.provider.begin({ returnTo: '/' })).authorizationUrl).searchParams;
  const b = new URL((await h.provider.begin({ returnTo: '/' })).authorizationUrl).searchParams;
  for (const name of ['state', 'nonce', 'code_challenge'])
    expect(a.get(name)).not.toBe(b.get(name));
});
