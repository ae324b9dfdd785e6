import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACCOUNT } from './support/harness.ts';
import { refresh, signedInClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

describe('C10: a disabled or deleted user refreshing', () => {
  it('gets invalid_grant once disabled', async () => {
    const h = as();
    const { clientId, refreshToken } = await signedInClient(h);
    const identity = h.identities.get(ACCOUNT);
    if (identity === undefined) throw new Error('no test identity');
    h.identities.set(ACCOUNT, { ...identity, disabled: true });
    const r = await refresh(h, clientId, refreshToken);
    expect(r.status).toBe(400);
    expect(r.json['error']).toBe('invalid_grant');
  });

  it('gets invalid_grant once the account is gone', async () => {
    const h = as();
    const { clientId, refreshToken } = await signedInClient(h);
    h.identities.delete(ACCOUNT);
    expect((await refresh(h, clientId, refreshToken)).json['error']).toBe('invalid_grant');
  });

  it('revokeAccount revokes every grant of the account (recorded for the resource server)', async () => {
    const h = as();
    const one = await signedInClient(h);
    const two = await signedInClient(h);
    const since = h.clock.now();
    await h.as.revokeAccount(ACCOUNT);
    const revoked = (await h.store.oauth.revokedGrantsSince(since)).map((r) => r.grantId);
    expect(revoked.toSorted()).toEqual(
      [decodeJwt(one.accessToken)['gid'], decodeJwt(two.accessToken)['gid']].toSorted(),
    );
    expect((await refresh(h, one.clientId, one.refreshToken)).json['error']).toBe('invalid_grant');
    expect((await refresh(h, two.clientId, two.refreshToken)).json['error']).toBe('invalid_grant');
  });
});
