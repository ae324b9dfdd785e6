import { createHmac } from 'node:crypto';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createAccessTokenVerifier,
  createDpopProofVerifier,
  createDpopReplayGuard,
  type DpopRequest,
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

// RFC 9449 §4.3: the proof checks that the end-to-end test cannot reach with a well-behaved
// client library (forbidden algorithms, several proofs, a future iat).
describe('dpop-proof-checks', () => {
  const openStore = useStores();

  async function setup() {
    const store = await openStore();
    const as = await signingKey();
    const key = await dpopKey();
    const token = await mint(as, claims({ cnf: { jkt: key.jkt } }));
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => as.jwks,
      revocations: NOTHING_REVOKED,
      dpop: createDpopProofVerifier(createDpopReplayGuard(store.records)),
    });
    const check = (proofs: readonly string[] | undefined) => {
      const request: DpopRequest = { method: 'POST', url: RESOURCE, proofs };
      return verifier.verify(`DPoP ${token}`, RESOURCE, request);
    };
    return { key, token, check };
  }

  const refused = (detail: string) => ({ ok: false, reason: 'invalid-dpop-proof', detail });

  it('refuses alg none and MAC algorithms', async () => {
    const { key, token, check } = await setup();
    const encode = (o: object) => base64url.encode(JSON.stringify(o));
    const payload = { htm: 'POST', htu: RESOURCE, jti: 'n1', iat: Math.floor(Date.now() / 1000) };
    const none = `${encode({ alg: 'none', typ: 'dpop+jwt', jwk: key.jwk })}.${encode(payload)}.`;
    expect(await check([none])).toEqual(refused('dpop-header'));
    const secret = new Uint8Array(32).fill(7);
    // jose will not put a symmetric jwk in a header; a forger writes the JWS by hand.
    const hsHead = encode({
      alg: 'HS256',
      typ: 'dpop+jwt',
      jwk: { kty: 'oct', k: base64url.encode(secret) },
    });
    const hsBody = encode({ ...payload, jti: 'h1' });
    const mac = createHmac('sha256', secret).update(`${hsHead}.${hsBody}`).digest('base64url');
    const hs = `${hsHead}.${hsBody}.${mac}`;
    expect(await check([hs])).toEqual(refused('dpop-header'));
    // The good proof for the same request still passes: nothing above spent anything.
    expect(
      await check([await dpopProof(key, { htm: 'POST', htu: RESOURCE, token })]),
    ).toMatchObject({ ok: true });
  });

  it('refuses two DPoP headers, a future iat and a proof signed by another key than its jwk', async () => {
    const { key, token, check } = await setup();
    const good = () => dpopProof(key, { htm: 'POST', htu: RESOURCE, token });
    expect(await check([await good(), await good()])).toEqual(refused('dpop-multiple'));
    expect(await check([])).toEqual(refused('dpop-missing'));
    const future = await dpopProof(key, {
      htm: 'POST',
      htu: RESOURCE,
      token,
      iat: Math.floor(Date.now() / 1000) + 120,
    });
    expect(await check([future])).toEqual(refused('dpop-iat'));
    const other = await dpopKey();
    const forged = await dpopProof(other, { htm: 'POST', htu: RESOURCE, token }, { jwk: key.jwk });
    expect(await check([forged])).toEqual(refused('dpop-signature'));
  });
});
