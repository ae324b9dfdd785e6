import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, MCP_RESOURCE, startAs, type AsHarness } from './support/harness.ts';
import { obtainCode, redeem, refresh, registerClient } from './support/flows.ts';

let h: AsHarness;
beforeEach(async () => {
  h = await startAs();
});
afterEach(async () => {
  await h.close();
});

describe('authorization code flow for an MCP client', () => {
  it('issues an ES256 at+jwt access token for the resource with identity claims and gid, and a refresh token', async () => {
    const clientId = await registerClient(h);
    const code = await obtainCode(h, { clientId });
    expect(code.params.get('iss')).toBe(h.issuer);
    expect(code.params.get('state')).toBe('st-1');
    const tokens = await redeem(h, clientId, code);
    expect(tokens.status, tokens.text).toBe(200);
    expect(tokens.headers.get('cache-control')).toContain('no-store');
    expect(tokens.json).toMatchObject({ token_type: 'Bearer', scope: 'mcp' });
    expect(typeof tokens.json['refresh_token']).toBe('string');
    const accessToken = tokens.json['access_token'] as string;
    expect(decodeProtectedHeader(accessToken)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const { payload } = await jwtVerify(accessToken, createLocalJWKSet(h.as.jwks()), {
      issuer: h.issuer,
      audience: MCP_RESOURCE,
      typ: 'at+jwt',
      algorithms: ['ES256'],
    });
    expect(payload).toMatchObject({
      sub: ACCOUNT,
      client_id: clientId,
      email: 'ada@example.com',
      name: 'Ada',
      groups: ['eng'],
      scope: 'mcp',
    });
    expect(typeof payload['gid']).toBe('string');
    expect(payload.exp).toBeTypeOf('number');

    const refreshed = await refresh(h, clientId, tokens.json['refresh_token'] as string);
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(refreshed.json['refresh_token']).not.toBe(tokens.json['refresh_token']);
  });

  it('jwks() holds only public key members and is the same object on every call', () => {
    const jwks = h.as.jwks();
    expect(jwks).toBe(h.as.jwks());
    for (const key of jwks.keys) {
      expect(Object.keys(key).toSorted()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    }
  });
});
