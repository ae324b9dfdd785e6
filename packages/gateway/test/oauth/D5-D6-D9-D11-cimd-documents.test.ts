import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientKey, startDocumentServer, type DocumentServer } from '@gatehouse/testing';
import { obtainCode, redeem } from './support/flows.ts';
import { startAs, type AsHarness } from './support/harness.ts';
import { CALLBACK, document, expectCimdRefused } from './support/cimd.ts';

// The development switch is on and the document server is reachable: only the rule under test
// stands between the client id and a fetch.
let docs: DocumentServer;
let h: AsHarness;
beforeAll(async () => {
  docs = await startDocumentServer();
  h = await startAs({
    cimdCa: docs.ca,
    oauthYaml: '  client_id_metadata_documents: { allow_localhost: true }',
  });
});
afterAll(async () => {
  await h.close();
  await docs.close();
});

describe('D5: client ids that are not document URLs', () => {
  it('are never fetched', async () => {
    const o = docs.origin;
    const ids = [
      `http://127.0.0.1:${docs.port}/client.json`,
      o,
      `${o}/`,
      `https://user@127.0.0.1:${docs.port}/client.json`,
      `${o}/client.json#f`,
      `${o}/a/../client.json`,
      `${o}/a/%2e%2e/client.json`,
      `${o}?x=/client.json`,
    ];
    docs.serve('/client.json', document(`${o}/client.json`));
    const before = docs.connections();
    for (const id of ids) await expectCimdRefused(h, id, CALLBACK);
    expect(docs.connections()).toBe(before);
  });
});

describe('D6: a document whose client_id is not its URL', () => {
  it('is refused', async () => {
    docs.serve('/d6.json', document(`${docs.origin}/other.json`));
    await expectCimdRefused(h, `${docs.origin}/d6.json`, CALLBACK);
  });
});

describe('D9: a document with a secret or private key material', () => {
  it('is refused when it carries client_secret', async () => {
    const id = `${docs.origin}/d9-secret.json`;
    docs.serve('/d9-secret.json', document(id, { client_secret: 'shh' }));
    await expectCimdRefused(h, id, CALLBACK);
  });

  it('is refused when its jwks holds a private key', async () => {
    const id = `${docs.origin}/d9-jwk.json`;
    const privateJwk = {
      kty: 'EC',
      crv: 'P-256',
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
      d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI',
    };
    docs.serve('/d9-jwk.json', document(id, { jwks: { keys: [privateJwk] } }));
    await expectCimdRefused(h, id, CALLBACK);
  });
});

describe('D11: a document offering only private_key_jwt', () => {
  it('is never downgraded to none: a token request without an assertion is invalid_client', async () => {
    const id = `${docs.origin}/d11.json`;
    docs.serve(
      '/d11.json',
      document(id, {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks_uri: `${docs.origin}/d11-jwks.json`,
      }),
    );
    docs.serve('/d11-jwks.json', { keys: [(await clientKey('RS256')).publicJwk] });
    const code = await obtainCode(h, { clientId: id, redirectUri: CALLBACK });
    const r = await redeem(h, id, code, CALLBACK);
    expect(r.status, r.text).toBe(401);
    expect(r.json['error']).toBe('invalid_client');
  });

  it('is refused when it has no jwks or jwks_uri', async () => {
    const id = `${docs.origin}/d11-nokeys.json`;
    docs.serve('/d11-nokeys.json', document(id, { token_endpoint_auth_method: 'private_key_jwt' }));
    await expectCimdRefused(h, id, CALLBACK);
  });
});

describe('D11: a document offering a shared-secret method', () => {
  it('is refused', async () => {
    for (const method of ['client_secret_basic', 'client_secret_post', 'client_secret_jwt']) {
      const id = `${docs.origin}/d11-${method}.json`;
      docs.serve(`/d11-${method}.json`, document(id, { token_endpoint_auth_method: method }));
      await expectCimdRefused(h, id, CALLBACK);
    }
  });
});

describe('CIMD fetch limits', () => {
  it('refuses a document larger than 5 KiB and does not follow redirects', async () => {
    const big = `${docs.origin}/big.json`;
    docs.serve('/big.json', document(big, { client_name: 'x'.repeat(6 * 1024) }));
    await expectCimdRefused(h, big, CALLBACK);
    const moved = `${docs.origin}/moved.json`;
    const target = `${docs.origin}/target.json`;
    docs.serve('/target.json', document(moved));
    docs.serve('/moved.json', '', { status: 302, headers: { location: target } });
    await expectCimdRefused(h, moved, CALLBACK);
  });
});
