import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertionFields,
  clientKey,
  forgedAssertion,
  signAssertion,
  startDocumentServer,
  type DocumentServer,
} from '@gatehouse/testing';
import { obtainCode, REDIRECT_URI, registerClient, token } from './support/flows.ts';
import { startAs, type AsHarness } from './support/harness.ts';
import {
  expectInvalidClient,
  redeemWithAssertion,
  servePkjwtClient,
  tokenEndpoint,
  type PkjwtClient,
} from './support/private-key-jwt.ts';

// Each refused assertion is sent with an otherwise valid code redemption, so the only reason
// to refuse it is the assertion itself; the last test shows the same flow works with a good one.
let docs: DocumentServer;
let h: AsHarness;
let client: PkjwtClient;
beforeAll(async () => {
  docs = await startDocumentServer();
  h = await startAs({
    cimdCa: docs.ca,
    oauthYaml: '  client_id_metadata_documents: { allow_localhost: true }',
  });
  client = await servePkjwtClient(docs, 'refusals');
});
afterAll(async () => {
  await h.close();
  await docs.close();
});

const claims = () => ({ clientId: client.clientId, aud: tokenEndpoint(h) });

describe('D13: client assertions that must be refused with invalid_client (JSON body)', () => {
  it('aud is neither the token endpoint nor the issuer', async () => {
    for (const aud of [`${h.issuer}/oauth/authorize`, 'https://chatgpt.com', `${h.issuer}/`]) {
      const assertion = await signAssertion(client.key, { ...claims(), aud });
      expectInvalidClient(await redeemWithAssertion(h, client, assertion));
    }
  });

  it('alg none', async () => {
    expectInvalidClient(
      await redeemWithAssertion(h, client, await forgedAssertion('none', claims())),
    );
  });

  it('alg HS256', async () => {
    expectInvalidClient(
      await redeemWithAssertion(h, client, await forgedAssertion('HS256', claims())),
    );
  });

  it('alg none or HS256 for a client that registered no alg (any asymmetric alg allowed)', async () => {
    const key = await clientKey('ES256');
    const clientId = await registerClient(h, {
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
    });
    const aud = tokenEndpoint(h);
    const code = await obtainCode(h, { clientId });
    const form = {
      grant_type: 'authorization_code',
      code: code.code,
      code_verifier: code.verifier,
      redirect_uri: REDIRECT_URI,
    };
    for (const kind of ['none', 'HS256'] as const) {
      const forged = await forgedAssertion(kind, { clientId, aud });
      expectInvalidClient(await token(h, { ...form, ...assertionFields(clientId, forged) }));
    }
    const good = await signAssertion(key, { clientId, aud });
    const ok = await token(h, { ...form, ...assertionFields(clientId, good) });
    expect(ok.status, ok.text).toBe(200);
  });

  it('expired', async () => {
    const assertion = await signAssertion(client.key, { ...claims(), expiresIn: -120 });
    expectInvalidClient(await redeemWithAssertion(h, client, assertion));
  });

  it('without exp', async () => {
    const assertion = await signAssertion(client.key, { ...claims(), noExp: true });
    expectInvalidClient(await redeemWithAssertion(h, client, assertion));
  });

  it('valid for longer than an hour', async () => {
    const assertion = await signAssertion(client.key, { ...claims(), expiresIn: 2 * 3600 });
    expectInvalidClient(await redeemWithAssertion(h, client, assertion));
  });

  it('signed by a key that is not in the JWKS', async () => {
    const stranger = await clientKey('RS256');
    const assertion = await signAssertion({ ...stranger, kid: client.key.kid }, claims());
    expectInvalidClient(await redeemWithAssertion(h, client, assertion));
    const unknownKid = await signAssertion(stranger, claims());
    expectInvalidClient(await redeemWithAssertion(h, client, unknownKid));
  });

  it('an alg other than the document registered (ES256 for an RS256 client)', async () => {
    const es = await clientKey('ES256');
    docs.serve(client.jwksPath, { keys: [client.key.publicJwk, es.publicJwk] });
    const other = await servePkjwtClient(docs, 'es-mismatch');
    docs.serve(other.jwksPath, { keys: [other.key.publicJwk, es.publicJwk] });
    const assertion = await signAssertion(es, { clientId: other.clientId, aud: tokenEndpoint(h) });
    expectInvalidClient(await redeemWithAssertion(h, other, assertion));
  });

  it('iss or sub is not the client_id', async () => {
    const wrongIss = await signAssertion(client.key, {
      ...claims(),
      iss: 'https://evil.example/c',
    });
    expectInvalidClient(await redeemWithAssertion(h, client, wrongIss));
    const wrongSub = await signAssertion(client.key, {
      ...claims(),
      sub: 'https://evil.example/c',
    });
    const r = await redeemWithAssertion(h, client, wrongSub);
    // The provider looks the client up by `sub`: a foreign sub is another (unknown) client or a
    // client_id mismatch; either way the request fails and no token is issued.
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.json['access_token']).toBeUndefined();
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('reused (same jti twice)', async () => {
    const assertion = await signAssertion(client.key, claims());
    expect((await redeemWithAssertion(h, client, assertion)).status).toBe(200);
    expectInvalidClient(await redeemWithAssertion(h, client, assertion));
  });

  it('and a good assertion in the same flow is accepted', async () => {
    const r = await redeemWithAssertion(h, client);
    expect(r.status, r.text).toBe(200);
    expect(r.text).not.toContain('client_assertion');
  });
});
