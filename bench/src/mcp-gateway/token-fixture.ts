import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  SignJWT,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import { silentLogger, type Store } from '@gatehouse/core';
import { openSqliteStore, createRevocationCache, type RevocationCache } from '@gatehouse/gateway';

// Access tokens shaped exactly like the ones the gateway's authorization server issues (ES256,
// `typ: at+jwt`, a kid, the claims of oauth/provider/accounts.ts), and the real revocation cache
// over a real SQLite store holding some revoked grants, for the token-verify benchmark.

export const ISSUER = 'http://auth.localhost:8787';
export const RESOURCE = 'http://mcp.localhost:8787/mcp';
/** Revoked grants in the store, so the revocation lookup is not of an empty set. */
export const REVOKED_GRANTS = 1_000;

export interface TokenFixture {
  readonly jwks: JSONWebKeySet;
  readonly revocations: RevocationCache;
  /** A fresh token; each call gives a different string (its own `jti` and grant). */
  mint(): Promise<string>;
  /** Revokes the token's grant in the store and refreshes the revocation cache. */
  revoke(token: string): Promise<void>;
  close(): Promise<void>;
}

function claims(nowS: number): JWTPayload {
  return {
    iss: ISSUER,
    aud: RESOURCE,
    sub: randomUUID(),
    client_id: randomUUID(),
    scope: 'mcp',
    iat: nowS,
    exp: nowS + 3_600,
    jti: randomUUID(),
    email: 'bench@example.com',
    name: 'Bench User',
    groups: ['engineering'],
    gid: randomUUID(),
  };
}

export async function createTokenFixture(dir: string): Promise<TokenFixture> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
  const store: Store = await openSqliteStore(path.join(dir, 'gatehouse.db'));
  for (let i = 0; i < REVOKED_GRANTS; i++) await store.oauth.revokeByGrantId(randomUUID());
  const revocations = createRevocationCache({ store, logger: silentLogger });
  await revocations.refresh();
  // Polls every 15 s as in the gateway; without it the cache turns stale and refuses everything.
  revocations.start();
  return {
    jwks,
    revocations,
    mint: () => sign(privateKey, kid),
    async revoke(token) {
      const { gid } = decodeJwt(token);
      if (typeof gid !== 'string') throw new Error('the token has no gid');
      await store.oauth.revokeByGrantId(gid);
      await revocations.refresh();
    },
    async close() {
      revocations.stop();
      await store.close();
    },
  };
}

function sign(privateKey: CryptoKey, kid: string): Promise<string> {
  return new SignJWT(claims(Math.floor(Date.now() / 1000)))
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid })
    .sign(privateKey);
}
