import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_RESOURCE, pkce, startAs, type AsHarness } from './support/harness.ts';
import { authorize, register } from './support/flows.ts';
import { document } from './support/cimd.ts';
import { startDocumentServer, type DocumentServer } from '@gatehouse/testing';

// Issue 13, defect 3: `https://good.example@evil.example/cb` reads as good.example and sends the
// browser (and the authorization code) to evil.example.
const USERINFO = [
  'https://good.example@evil.example/cb',
  'https://user:s3cret-pw@evil.example/cb',
  'https://app.example:443@evil.example/cb',
  'http://127.0.0.1@evil.example/callback',
];
const FRAGMENT = ['https://app.example/cb#frag', 'https://app.example/cb#'];

let docs: DocumentServer;
let h: AsHarness;
beforeAll(async () => {
  docs = await startDocumentServer();
  h = await startAs({
    cimdCa: docs.ca,
    oauthYaml:
      '  dynamic_client_registration: true\n  client_id_metadata_documents: { allow_localhost: true }',
  });
});
afterAll(async () => {
  await h.close();
  await docs.close();
});

async function startAuthorization(clientId: string, redirectUri: string) {
  return authorize(h, {
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    resource: MCP_RESOURCE,
  });
}

describe('dynamic client registration with a redirect URI carrying user information', () => {
  it.each(USERINFO)('is refused with invalid_redirect_uri: %s', async (uri) => {
    const r = await register(h, {
      client_name: 'Look-alike',
      redirect_uris: ['https://app.example/cb', uri],
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json['error']).toBe('invalid_redirect_uri');
    expect(r.json['error_description']).toMatch(/redirect_uris\[1\].*user information/);
    expect(r.json['client_id']).toBeUndefined();
    // The URI (and a password in it) is never echoed back.
    expect(r.text).not.toContain('evil.example');
    expect(r.text).not.toContain('s3cret-pw');
  });
});

describe('dynamic client registration with a redirect URI carrying a fragment', () => {
  it.each(FRAGMENT)('is refused with invalid_redirect_uri (RFC 6749 §3.1.2): %s', async (uri) => {
    const r = await register(h, { redirect_uris: [uri] });
    expect(r.status).toBe(400);
    expect(r.json['error']).toBe('invalid_redirect_uri');
    expect(r.json['error_description']).toMatch(/redirect_uris\[0\].*fragment/);
    expect(r.json['client_id']).toBeUndefined();
  });
});

describe('a client registered with such a redirect URI before this check existed', () => {
  it('no longer loads: authorize shows an error page and redirects nowhere', async () => {
    const clientId = 'legacy-userinfo-client';
    await h.store.oauth.upsert(
      'Client',
      clientId,
      {
        client_id: clientId,
        client_id_issued_at: Math.floor(Date.now() / 1000),
        redirect_uris: [USERINFO[0]],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      null,
    );
    const outcome = await startAuthorization(clientId, USERINFO[0] as string);
    expect(outcome.location, 'redirected to the look-alike URI').toBeUndefined();
    expect(outcome.status).toBeGreaterThanOrEqual(400);
  });
});

describe('a client ID metadata document listing such a redirect URI', () => {
  it.each([...USERINFO.filter((u) => u.startsWith('https:')), ...FRAGMENT])(
    'is refused at authorize without a redirect: %s',
    async (uri) => {
      const path = `/cimd-${encodeURIComponent(uri).replace(/%/g, '')}.json`;
      const clientId = `${docs.origin}${path}`;
      docs.serve(path, document(clientId, { redirect_uris: [uri] }));
      const outcome = await startAuthorization(clientId, uri);
      expect(outcome.location, 'redirected to the listed URI').toBeUndefined();
      expect(outcome.status).toBeGreaterThanOrEqual(400);
      expect(outcome.body).toMatch(/invalid_redirect_uri/);
    },
  );
});
