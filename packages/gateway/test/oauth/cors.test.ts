import { describe, expect, it } from 'vitest';
import { signedInClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

describe('CORS for browser-based MCP clients', () => {
  it.each([
    '/oauth/token',
    '/oauth/register',
    '/oauth/revoke',
    '/.well-known/oauth-authorization-server',
  ])('answers the preflight for %s: any origin, no credentials', async (path) => {
    const response = await fetch(as().url(path), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://client.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets any origin read token responses, without credentials', async () => {
    const h = as();
    const { clientId, refreshToken } = await signedInClient(h);
    const response = await fetch(h.url('/oauth/token'), {
      method: 'POST',
      headers: {
        origin: 'https://elsewhere.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: clientId,
        refresh_token: refreshToken,
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
