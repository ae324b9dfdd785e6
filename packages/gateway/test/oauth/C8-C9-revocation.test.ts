import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import type { AsHarness } from './support/harness.ts';
import { refresh, signedInClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

async function revoke(h: AsHarness, clientId: string, value: string, hint?: string) {
  const body = new URLSearchParams({ token: value, client_id: clientId });
  if (hint !== undefined) body.set('token_type_hint', hint);
  const response = await fetch(h.url('/oauth/revoke'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

describe('C8: a client revoking another client’s token', () => {
  it('has no effect', async () => {
    const h = as();
    const a = await signedInClient(h);
    const b = await signedInClient(h);
    const since = h.clock.now();
    expect(await revoke(h, b.clientId, a.refreshToken)).toBe(200);
    expect(await h.store.oauth.revokedGrantsSince(since)).toEqual([]);
    expect((await refresh(h, a.clientId, a.refreshToken)).status).toBe(200);
  });
});

describe('C9: revocation semantics', () => {
  it('revoking the refresh token revokes the grant, so its access tokens are refused by gid', async () => {
    const h = as();
    const a = await signedInClient(h);
    const since = h.clock.now();
    expect(await revoke(h, a.clientId, a.refreshToken, 'refresh_token')).toBe(200);
    expect((await refresh(h, a.clientId, a.refreshToken)).json['error']).toBe('invalid_grant');
    const revoked = await h.store.oauth.revokedGrantsSince(since);
    expect(revoked.map((r) => r.grantId)).toEqual([decodeJwt(a.accessToken)['gid']]);
  });

  it('revoking an access token leaves the refresh token working', async () => {
    const h = as();
    const a = await signedInClient(h);
    // JWT access tokens are not stored, so they cannot be revoked one by one: RFC 7009 §2.2.1
    // `unsupported_token_type` (spikes §2 pitfall 7). They are short-lived; grants revoke.
    expect(await revoke(h, a.clientId, a.accessToken, 'access_token')).toBe(400);
    expect((await refresh(h, a.clientId, a.refreshToken)).status).toBe(200);
  });
});
