import { describe, expect, it } from 'vitest';
import { MCP_RESOURCE, pkce } from './support/harness.ts';
import { authorize, REDIRECT_URI, registerClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

// Registered: https://app.example/cb. Anything but the exact string is refused locally.
const NEAR_MISSES = [
  'https://app.example/cb/../x',
  'https://app.example/cb?x=1',
  'https://app.example/cb#f',
  'https://app.example.evil.com/cb',
  'https://APP.example/cb',
  'https://app.example/cb/',
  'https://user@app.example/cb',
  'http://app.example/cb',
];

describe('A3: redirect_uri is matched as an exact string', () => {
  it.each(NEAR_MISSES)('refuses %s without redirecting', async (redirectUri) => {
    const h = as();
    const clientId = await registerClient(h);
    const outcome = await authorize(h, {
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    });
    expect(outcome.location).toBeUndefined();
    expect(outcome.status).toBe(400);
  });

  it('accepts the registered string itself', async () => {
    const h = as();
    const clientId = await registerClient(h);
    const outcome = await authorize(h, {
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      resource: MCP_RESOURCE,
    });
    expect(outcome.location?.href.startsWith(`${REDIRECT_URI}?code=`)).toBe(true);
  });
});
