import { describe, expect, it } from 'vitest';
import { PAGE_SECURITY_HEADERS } from '../../src/pages/index.ts';
import { pkce } from './support/harness.ts';
import { registerClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

// One copy of the page headers (pages/security-headers.ts): the authorization server's own error
// page, rendered by oidc-provider rather than by our edge or Hono app, carries them all too.
describe("the authorization server's error page", () => {
  it('carries every page security header (no framing, no caching, no referrer, no sniffing)', async () => {
    const h = as();
    const clientId = await registerClient(h);
    const params = new URLSearchParams({
      client_id: clientId,
      redirect_uri: 'https://evil.example/cb',
      response_type: 'code',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    });
    const response = await fetch(`${h.url('/oauth/authorize')}?${params.toString()}`, {
      redirect: 'manual',
    });
    await response.arrayBuffer();
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) {
      expect(response.headers.get(name), name).toBe(value);
    }
  });
});
