import { describe, expect, it } from 'vitest';
import { pkce } from './support/harness.ts';
import { authorize, REDIRECT_URI, registerClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

async function errorRedirect(params: Record<string, string>) {
  const h = as();
  const clientId = await registerClient(h);
  const outcome = await authorize(h, {
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    state: 'xyz',
    ...params,
  });
  expect(outcome.location, outcome.body).toBeDefined();
  const location = outcome.location as URL;
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  return { h, location };
}

describe('A8: a valid client and redirect with a bad request', () => {
  it('gets the error redirected with error, state and iss (RFC 9207)', async () => {
    const { h, location } = await errorRedirect({
      response_type: 'code',
      code_challenge: pkce().challenge,
      code_challenge_method: 'plain',
    });
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('iss')).toBe(h.issuer);
    expect(location.searchParams.get('code')).toBeNull();
  });
});

describe('A9: implicit and hybrid response types', () => {
  it.each(['token', 'code id_token', 'id_token'])(
    'response_type=%s is unsupported_response_type, with no token in a fragment',
    async (responseType) => {
      const { h, location } = await errorRedirect({
        response_type: responseType,
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      });
      const params = new URLSearchParams(location.hash.slice(1) || location.search);
      expect(params.get('error')).toBe('unsupported_response_type');
      expect(params.get('iss')).toBe(h.issuer);
      expect(location.href).not.toMatch(/access_token|id_token=/);
    },
  );
});
