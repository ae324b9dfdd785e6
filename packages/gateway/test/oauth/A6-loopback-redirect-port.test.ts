import { describe, expect, it } from 'vitest';
import { MCP_RESOURCE, pkce } from './support/harness.ts';
import { authorize, registerClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

async function attempt(redirectUri: string) {
  const h = as();
  // No application_type: a loopback-only registration is treated as a native app (RFC 8252).
  const clientId = await registerClient(h, { redirect_uris: ['http://127.0.0.1/cb'] });
  return authorize(h, {
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    resource: MCP_RESOURCE,
  });
}

describe('A6: loopback redirect URIs (RFC 8252 §7.3)', () => {
  it('accept any port on the registered loopback address and path', async () => {
    const outcome = await attempt('http://127.0.0.1:54321/cb');
    expect(outcome.location?.origin).toBe('http://127.0.0.1:54321');
    expect(outcome.location?.searchParams.get('code')).toBeTruthy();
  });

  it.each([
    'http://localhost:54321/cb',
    'http://127.0.0.1:54321/other',
    'https://127.0.0.1:54321/cb',
  ])('refuse a different host, path or scheme: %s', async (uri) => {
    const outcome = await attempt(uri);
    expect(outcome.location).toBeUndefined();
    expect(outcome.status).toBe(400);
  });
});
