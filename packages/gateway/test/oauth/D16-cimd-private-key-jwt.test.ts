import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertionFields,
  clientKey,
  signAssertion,
  startDocumentServer,
  type DocumentServer,
} from '@gatehouse/testing';
import { CALLBACK, expectCimdRefused } from './support/cimd.ts';
import { obtainCode, refresh, register, registerClient, token } from './support/flows.ts';
import { startAs, type AsHarness } from './support/harness.ts';
import {
  expectInvalidClient,
  redeemWithAssertion,
  servePkjwtClient,
  tokenEndpoint,
} from './support/private-key-jwt.ts';

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

describe('D16: a ChatGPT-shaped CIMD client (private_key_jwt, RS256, jwks_uri)', () => {
  it('redeems its code and refreshes with RFC 7523 client assertions', async () => {
    const client = await servePkjwtClient(docs, 'chatgpt');
    const tokens = await redeemWithAssertion(h, client);
    expect(tokens.status, tokens.text).toBe(200);
    const aud = tokenEndpoint(h);
    const refreshed = await refresh(h, client.clientId, tokens.json['refresh_token'] as string, {
      ...assertionFields(
        client.clientId,
        await signAssertion(client.key, { clientId: client.clientId, aud }),
      ),
    });
    expect(refreshed.status, refreshed.text).toBe(200);
    // `aud` may also be the issuer (RFC 7523 §3 item 3).
    const again = await refresh(h, client.clientId, refreshed.json['refresh_token'] as string, {
      ...assertionFields(
        client.clientId,
        await signAssertion(client.key, { clientId: client.clientId, aud: h.issuer }),
      ),
    });
    expect(again.status, again.text).toBe(200);
  });

  it('offering none as well, also works without an assertion, whichever it uses per request', async () => {
    const client = await servePkjwtClient(docs, 'both');
    const code = await obtainCode(h, { clientId: client.clientId, redirectUri: CALLBACK });
    const publicRedeem = await token(h, {
      grant_type: 'authorization_code',
      client_id: client.clientId,
      code: code.code,
      code_verifier: code.verifier,
      redirect_uri: CALLBACK,
    });
    expect(publicRedeem.status, publicRedeem.text).toBe(200);
    const aud = tokenEndpoint(h);
    let refreshToken = publicRedeem.json['refresh_token'] as string;
    for (const withAssertion of [true, false, true]) {
      const extra = withAssertion
        ? assertionFields(
            client.clientId,
            await signAssertion(client.key, { clientId: client.clientId, aud }),
          )
        : {};
      const r = await refresh(h, client.clientId, refreshToken, extra);
      expect(r.status, `assertion: ${String(withAssertion)} ${r.text}`).toBe(200);
      refreshToken = r.json['refresh_token'] as string;
    }
  });

  it('revokes its refresh token with an assertion (aud = the issuer)', async () => {
    const client = await servePkjwtClient(docs, 'revoke');
    const tokens = await redeemWithAssertion(h, client);
    expect(tokens.status, tokens.text).toBe(200);
    const refreshToken = tokens.json['refresh_token'] as string;
    const assertion = await signAssertion(client.key, { clientId: client.clientId, aud: h.issuer });
    const revoked = await fetch(h.url('/oauth/revoke'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: refreshToken,
        ...assertionFields(client.clientId, assertion),
      }),
    });
    expect(revoked.status, await revoked.text()).toBe(200);
    const after = await refresh(h, client.clientId, refreshToken);
    expect(after.json['error']).toBe('invalid_grant');
  });

  it('offering only private_key_jwt, is never downgraded to none', async () => {
    const client = await servePkjwtClient(docs, 'only', { offers: ['private_key_jwt'] });
    const code = await obtainCode(h, { clientId: client.clientId, redirectUri: CALLBACK });
    const noAssertion = await token(h, {
      grant_type: 'authorization_code',
      client_id: client.clientId,
      code: code.code,
      code_verifier: code.verifier,
      redirect_uri: CALLBACK,
    });
    expectInvalidClient(noAssertion);
    const tokens = await redeemWithAssertion(h, client);
    expect(tokens.status, tokens.text).toBe(200);
  });

  it('offering both, an assertion that does not verify is refused, not treated as none', async () => {
    const client = await servePkjwtClient(docs, 'both-bad');
    const other = await servePkjwtClient(docs, 'both-other');
    const wrongKey = await signAssertion(other.key, {
      clientId: client.clientId,
      aud: tokenEndpoint(h),
    });
    expectInvalidClient(await redeemWithAssertion(h, client, wrongKey));
  });
});

describe('D16: token_endpoint_auth_methods_supported in a document', () => {
  it('is refused when it is not an array of strings', async () => {
    for (const [name, value] of [
      ['string', 'none private_key_jwt'],
      ['numbers', [1, 2]],
    ] as const) {
      const id = `${docs.origin}/offers-${name}.json`;
      docs.serve(`/offers-${name}.json`, {
        client_id: id,
        redirect_uris: [CALLBACK],
        token_endpoint_auth_method: 'none',
        token_endpoint_auth_methods_supported: value,
      });
      await expectCimdRefused(h, id, CALLBACK);
    }
  });

  it('lists of other methods add nothing: a shared secret is never offered to a CIMD client', async () => {
    const client = await servePkjwtClient(docs, 'secret-offer', {
      offers: ['client_secret_post', 'private_key_jwt'],
    });
    const code = await obtainCode(h, { clientId: client.clientId, redirectUri: CALLBACK });
    const r = await token(h, {
      grant_type: 'authorization_code',
      client_id: client.clientId,
      client_secret: 'guess',
      code: code.code,
      code_verifier: code.verifier,
      redirect_uri: CALLBACK,
    });
    expectInvalidClient(r);
  });
});

describe('D16: the JWKS behind jwks_uri', () => {
  it('is fetched through the guarded fetch and cached per its Cache-Control', async () => {
    const client = await servePkjwtClient(docs, 'cached', {
      jwksHeaders: { 'cache-control': 'max-age=600' },
    });
    const before = docs.connections();
    expect((await redeemWithAssertion(h, client)).status).toBe(200);
    const afterFirst = docs.connections();
    // The document and the JWKS: at most two fetches for the first flow.
    expect(afterFirst - before).toBeLessThanOrEqual(2);
    expect((await redeemWithAssertion(h, client)).status).toBe(200);
    expect((await redeemWithAssertion(h, client)).status).toBe(200);
    expect(docs.connections()).toBe(afterFirst);
  });

  it('is fetched again on each use when it says no-store', async () => {
    const client = await servePkjwtClient(docs, 'nostore', {
      jwksHeaders: { 'cache-control': 'no-store' },
    });
    expect((await redeemWithAssertion(h, client)).status).toBe(200);
    const before = docs.connections();
    expect((await redeemWithAssertion(h, client)).status).toBe(200);
    expect(docs.connections()).toBe(before + 1);
  });
});

describe('D16: a DCR client that registers private_key_jwt', () => {
  it('authenticates with assertions and is refused without one', async () => {
    const key = await clientKey('ES256');
    const dcr = await startAs({ oauthYaml: '  dynamic_client_registration: true' });
    try {
      const clientId = await registerClient(dcr, {
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [key.publicJwk] },
      });
      const code = await obtainCode(dcr, { clientId });
      const form = {
        grant_type: 'authorization_code',
        code: code.code,
        code_verifier: code.verifier,
        redirect_uri: 'https://app.example/cb',
      };
      expectInvalidClient(await token(dcr, { ...form, client_id: clientId }));
      const assertion = await signAssertion(key, { clientId, aud: tokenEndpoint(dcr) });
      const ok = await token(dcr, { ...form, ...assertionFields(clientId, assertion) });
      expect(ok.status, ok.text).toBe(200);
    } finally {
      await dcr.close();
    }
  });

  it('cannot register an HMAC or unsigned assertion alg', async () => {
    const dcr = await startAs({ oauthYaml: '  dynamic_client_registration: true' });
    try {
      const key = await clientKey('RS256');
      for (const alg of ['HS256', 'none']) {
        const r = await register(dcr, {
          redirect_uris: ['https://app.example/cb'],
          token_endpoint_auth_method: 'private_key_jwt',
          token_endpoint_auth_signing_alg: alg,
          jwks: { keys: [key.publicJwk] },
        });
        expect(r.status, r.text).toBe(400);
        expect(r.json['error']).toBe('invalid_client_metadata');
      }
    } finally {
      await dcr.close();
    }
  });
});

describe('D16: authorization server metadata', () => {
  it('advertises private_key_jwt and the asymmetric assertion algs only', async () => {
    const metadata = await h.as.metadata();
    expect(metadata['token_endpoint_auth_methods_supported']).toEqual(
      expect.arrayContaining(['none', 'private_key_jwt']),
    );
    expect(metadata['token_endpoint_auth_methods_supported']).not.toContain('client_secret_jwt');
    expect(
      [...(metadata['token_endpoint_auth_signing_alg_values_supported'] as string[])].sort(),
    ).toEqual(['ES256', 'PS256', 'RS256']);
    expect(metadata['client_id_metadata_document_supported']).toBe(true);
  });
});
