import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { AsHarness } from './support/harness.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

function getWithHeaders(h: AsHarness, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = request(h.url(path), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          json: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const ENDPOINTS = [
  'authorization_endpoint',
  'token_endpoint',
  'registration_endpoint',
  'revocation_endpoint',
  'jwks_uri',
];

describe('F2: metadata with a forged Host and forwarded headers', () => {
  it.each(['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'])(
    '%s shows the configured issuer’s endpoints',
    async (path) => {
      const h = as();
      const { status, json } = await getWithHeaders(h, path, {
        host: 'evil.example',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        forwarded: 'host=evil.example;proto=https',
      });
      expect(status).toBe(200);
      expect(json['issuer']).toBe(h.issuer);
      for (const name of ENDPOINTS) {
        expect(String(json[name]).startsWith(`${h.issuer}/oauth/`), name).toBe(true);
      }
      expect(json).toEqual(await h.as.metadata());
    },
  );

  it('metadata() is the RFC 8414 document MCP clients need', async () => {
    const h = as();
    const metadata = await h.as.metadata();
    expect(metadata).toMatchObject({
      issuer: h.issuer,
      authorization_endpoint: `${h.issuer}/oauth/authorize`,
      token_endpoint: `${h.issuer}/oauth/token`,
      registration_endpoint: `${h.issuer}/oauth/register`,
      revocation_endpoint: `${h.issuer}/oauth/revoke`,
      jwks_uri: `${h.issuer}/oauth/jwks`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    });
    expect(metadata['grant_types_supported']).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token']),
    );
    expect(metadata['grant_types_supported']).not.toContain('implicit');
    expect(metadata['token_endpoint_auth_methods_supported']).toContain('none');
  });
});

describe('F6: offline_access is never advertised', () => {
  it('is absent from scopes_supported', async () => {
    const scopes = (await as().as.metadata())['scopes_supported'];
    expect(Array.isArray(scopes)).toBe(true);
    expect(scopes).not.toContain('offline_access');
  });
});
