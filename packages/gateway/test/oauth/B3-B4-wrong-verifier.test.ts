import { describe, expect, it } from 'vitest';
import { obtainCode, REDIRECT_URI, registerClient, token } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

async function exchange(verifier: string | undefined) {
  const h = as();
  const clientId = await registerClient(h);
  const code = await obtainCode(h, { clientId });
  const other = await obtainCode(h, { clientId });
  const value = verifier === 'other' ? other.verifier : verifier;
  return token(h, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code: code.code,
    redirect_uri: REDIRECT_URI,
    ...(value === undefined ? {} : { code_verifier: value }),
  });
}

describe('B3: a wrong code_verifier', () => {
  it.each([
    ['empty', ''],
    ['wrong', 'x'.repeat(43)],
    ['for another code', 'other'],
  ])('%s → invalid_grant, no token', async (_name, verifier) => {
    const r = await exchange(verifier);
    expect(r.status).toBe(400);
    expect(r.json['error']).toMatch(/^invalid_(grant|request)$/);
    expect(r.json['access_token']).toBeUndefined();
  });
});

describe('B4: PKCE downgrade', () => {
  it('a code issued with a challenge is not redeemed without a verifier', async () => {
    const r = await exchange(undefined);
    expect(r.status).toBe(400);
    expect(r.json['access_token']).toBeUndefined();
  });
  // The reverse (no challenge at authorize, a verifier at the token endpoint) cannot happen:
  // B1 refuses the authorization request, so no code exists to redeem.
});
