import { describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { obtainCode, redeem, refresh, registerClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

describe('B5: redeeming a code twice', () => {
  it('fails the second time and revokes what the first exchange issued', async () => {
    const h = as();
    const clientId = await registerClient(h);
    const code = await obtainCode(h, { clientId });
    const first = await redeem(h, clientId, code);
    expect(first.status).toBe(200);
    const since = h.clock.now() - 1_000;
    const second = await redeem(h, clientId, code);
    expect(second.status).toBe(400);
    expect(second.json['error']).toBe('invalid_grant');
    // The refresh token from the first exchange is dead, and the grant is recorded as revoked
    // so the resource server refuses its access tokens (gid).
    const r = await refresh(h, clientId, first.json['refresh_token'] as string);
    expect(r.json['error']).toBe('invalid_grant');
    const gid = decodeJwt(first.json['access_token'] as string)['gid'];
    const revoked = await h.store.oauth.revokedGrantsSince(since);
    expect(revoked.map((r) => r.grantId)).toContain(gid);
  });
});
