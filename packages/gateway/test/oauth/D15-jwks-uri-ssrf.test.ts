import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertionFields,
  clientKey,
  signAssertion,
  startConnectionCounter,
  startDocumentServer,
  type DocumentServer,
} from '@gatehouse/testing';
import { CALLBACK } from './support/cimd.ts';
import { obtainCode, registerClient, token } from './support/flows.ts';
import { startAs, type AsHarness } from './support/harness.ts';
import { expectInvalidClient, tokenEndpoint } from './support/private-key-jwt.ts';

// A token request that authenticates with an assertion and then fails on its grant: reaching
// the grant (400) would mean the keys were fetched and the assertion accepted.
async function authenticate(h: AsHarness, clientId: string, assertion: string) {
  return token(h, {
    grant_type: 'refresh_token',
    refresh_token: 'not-a-refresh-token',
    ...assertionFields(clientId, assertion),
  });
}

describe('D15: a jwks_uri is fetched only through the SSRF guard', () => {
  let target: Awaited<ReturnType<typeof startConnectionCounter>>;
  let h: AsHarness;
  beforeAll(async () => {
    target = await startConnectionCounter();
    // Development switch off: loopback is as forbidden as any private address.
    h = await startAs({ oauthYaml: '  dynamic_client_registration: true' });
  });
  afterAll(async () => {
    await h.close();
    await target.close();
  });

  it('a DCR client whose jwks_uri points inside the network is refused without a connection', async () => {
    const key = await clientKey('RS256');
    const uris = [
      `https://127.0.0.1:${target.port}/jwks.json`,
      `https://[::ffff:127.0.0.1]:${target.port}/jwks.json`,
      `https://localhost:${target.port}/jwks.json`,
      `https://169.254.169.254:${target.port}/latest/meta-data`,
      `https://10.0.0.1:${target.port}/jwks.json`,
    ];
    for (const jwksUri of uris) {
      const clientId = await registerClient(h, {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks_uri: jwksUri,
      });
      const assertion = await signAssertion(key, { clientId, aud: tokenEndpoint(h) });
      expectInvalidClient(await authenticate(h, clientId, assertion));
    }
    expect(target.connections()).toBe(0);
  });

  it('a plain http jwks_uri is refused without a connection', async () => {
    const key = await clientKey('RS256');
    const clientId = await registerClient(h, {
      token_endpoint_auth_method: 'private_key_jwt',
      jwks_uri: `http://127.0.0.1:${target.port}/jwks.json`,
    });
    const assertion = await signAssertion(key, { clientId, aud: tokenEndpoint(h) });
    expectInvalidClient(await authenticate(h, clientId, assertion));
    expect(target.connections()).toBe(0);
  });
});

describe('D15: a CIMD document with inline jwks (no jwks_uri)', () => {
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

  it('authenticates with an assertion signed by one of those keys', async () => {
    const key = await clientKey('PS256');
    const clientId = `${docs.origin}/inline/client.json`;
    docs.serve('/inline/client.json', {
      client_id: clientId,
      client_name: 'Inline keys',
      redirect_uris: [CALLBACK],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
    });
    const code = await obtainCode(h, { clientId, redirectUri: CALLBACK });
    const r = await token(h, {
      grant_type: 'authorization_code',
      code: code.code,
      code_verifier: code.verifier,
      redirect_uri: CALLBACK,
      ...assertionFields(clientId, await signAssertion(key, { clientId, aud: tokenEndpoint(h) })),
    });
    expect(r.status, r.text).toBe(200);
  });
});
