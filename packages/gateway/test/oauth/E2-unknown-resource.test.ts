import { describe, expect, it } from 'vitest';
import { MCP_RESOURCE, OTHER_RESOURCE, pkce } from './support/harness.ts';
import { redirectedError } from './support/authorize-error.ts';
import {
  obtainCode,
  redeem,
  refresh,
  registerClient,
  signedInClient,
  token,
} from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

const UNKNOWN = [
  'https://evil.example/mcp',
  `${MCP_RESOURCE}#fragment`,
  `${MCP_RESOURCE}/`,
  'http://app.localhost:8787/', // a route without MCP
  'not a url',
];

describe('E2: a resource that is not a configured MCP server', () => {
  it.each(UNKNOWN)('is invalid_target at authorize: %s', async (resource) => {
    const error = await redirectedError(as(), {
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      resource,
    });
    expect(error.get('error')).toBe('invalid_target');
  });

  it('is invalid_target at the token endpoint, and the code is not consumed', async () => {
    const h = as();
    const clientId = await registerClient(h);
    const code = await obtainCode(h, { clientId });
    const form = {
      grant_type: 'authorization_code',
      client_id: clientId,
      code: code.code,
      code_verifier: code.verifier,
      redirect_uri: 'https://app.example/cb',
    };
    for (const resource of UNKNOWN) {
      const r = await token(h, { ...form, resource });
      expect(r.status).toBe(400);
      expect(r.json['error']).toBe('invalid_target');
    }
    expect((await redeem(h, clientId, code)).status).toBe(200);
  });

  it('is invalid_target at refresh and leaves the refresh token usable (pitfall 4)', async () => {
    const h = as();
    const { clientId, refreshToken } = await signedInClient(h);
    for (const resource of [...UNKNOWN, OTHER_RESOURCE]) {
      h.clock.advance(11_000); // past the reuse window: a consumed token would now revoke
      const r = await refresh(h, clientId, refreshToken, { resource });
      expect(r.status).toBe(400);
      expect(r.json['error']).toBe('invalid_target');
    }
    const ok = await refresh(h, clientId, refreshToken, { resource: MCP_RESOURCE });
    expect(ok.status, ok.text).toBe(200);
  });
});
