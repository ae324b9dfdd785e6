import { describe, expect, it } from 'vitest';
import {
  createAccessTokenVerifier,
  createDpopProofVerifier,
  createDpopReplayGuard,
} from '../../src/mcp/resource/index.ts';
import { dpopKey, dpopProof } from '@gatehouse/testing';
import {
  ISSUER,
  NOTHING_REVOKED,
  ROUTE_A,
  claims,
  mint,
  signingKey,
  useStores,
} from './support.ts';

const RESOURCE = ROUTE_A.mcpResource!;

// RFC 9449 §11.1 with ARCHITECTURE.md "Scale-out": the spent-jti window lives in the Store, so a
// proof replayed at another gateway node sharing the store is refused there too.
describe('dpop-replay-across-nodes: a proof spent on one node is refused on another', () => {
  const openStore = useStores();

  it('refuses the replay at a second verifier over the same store, and at once if concurrent', async () => {
    const store = await openStore();
    const as = await signingKey();
    const key = await dpopKey();
    const token = await mint(as, claims({ cnf: { jkt: key.jkt } }));
    const node = () =>
      createAccessTokenVerifier({
        issuer: () => ISSUER,
        jwks: () => as.jwks,
        revocations: NOTHING_REVOKED,
        dpop: createDpopProofVerifier(createDpopReplayGuard(store.records)),
      });
    const [one, two] = [node(), node()];
    const request = async () => ({
      method: 'POST',
      url: RESOURCE,
      proofs: [await dpopProof(key, { htm: 'POST', htu: RESOURCE, token })],
    });
    const first = await request();
    expect(await one.verify(`DPoP ${token}`, RESOURCE, first)).toMatchObject({
      ok: true,
      scheme: 'dpop',
    });
    expect(await two.verify(`DPoP ${token}`, RESOURCE, first)).toEqual({
      ok: false,
      reason: 'invalid-dpop-proof',
      detail: 'dpop-replayed',
    });
    const racing = await request();
    const results = await Promise.all([
      one.verify(`DPoP ${token}`, RESOURCE, racing),
      two.verify(`DPoP ${token}`, RESOURCE, racing),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('refuses a bound token without a proof verifier configured (fail closed)', async () => {
    const as = await signingKey();
    const key = await dpopKey();
    const token = await mint(as, claims({ cnf: { jkt: key.jkt } }));
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => as.jwks,
      revocations: NOTHING_REVOKED,
    });
    const proofs = [await dpopProof(key, { htm: 'POST', htu: RESOURCE, token })];
    expect(
      await verifier.verify(`DPoP ${token}`, RESOURCE, { method: 'POST', url: RESOURCE, proofs }),
    ).toMatchObject({ ok: false, reason: 'invalid-dpop-proof' });
    expect(await verifier.verify(`Bearer ${token}`, RESOURCE)).toEqual({
      ok: false,
      reason: 'dpop-bound',
    });
    // A confirmation method we cannot check (mTLS) is refused rather than ignored.
    const mtls = await mint(as, claims({ cnf: { 'x5t#S256': 'abc' } }));
    expect(await verifier.verify(`Bearer ${mtls}`, RESOURCE)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});
