import { expect } from 'vitest';
import {
  assertionFields,
  clientKey,
  signAssertion,
  type ClientKey,
  type DocumentServer,
} from '@gatehouse/testing';
import { obtainCode, token, type Reply } from './flows.ts';
import type { AsHarness } from './harness.ts';
import { CALLBACK } from './cimd.ts';

export interface PkjwtClient {
  readonly clientId: string;
  readonly key: ClientKey;
  readonly jwksPath: string;
}

/**
 * Serves a CIMD document shaped like ChatGPT's (research hosts-and-anchors §4): `private_key_jwt`
 * with RS256 and a `jwks_uri`, and `token_endpoint_auth_methods_supported` offering `none` too
 * unless `offers` says otherwise.
 */
export async function servePkjwtClient(
  docs: DocumentServer,
  name: string,
  options: { offers?: readonly string[]; jwksHeaders?: Record<string, string> } = {},
): Promise<PkjwtClient> {
  const key = await clientKey('RS256');
  const clientId = `${docs.origin}/${name}/client.json`;
  const jwksPath = `/${name}/jwks.json`;
  docs.serve(`/${name}/client.json`, {
    client_id: clientId,
    client_name: `ChatGPT-shaped ${name}`,
    redirect_uris: [CALLBACK],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_methods_supported: options.offers ?? ['none', 'private_key_jwt'],
    token_endpoint_auth_signing_alg: 'RS256',
    jwks_uri: `${docs.origin}${jwksPath}`,
  });
  docs.serve(
    jwksPath,
    { keys: [key.publicJwk] },
    options.jwksHeaders === undefined ? {} : { headers: options.jwksHeaders },
  );
  return { clientId, key, jwksPath };
}

export const tokenEndpoint = (h: AsHarness) => h.url('/oauth/token');

/** Authorizes and redeems the code with a fresh assertion; returns the token response. */
export async function redeemWithAssertion(
  h: AsHarness,
  client: PkjwtClient,
  assertion?: string,
): Promise<Reply> {
  const code = await obtainCode(h, { clientId: client.clientId, redirectUri: CALLBACK });
  const signed =
    assertion ??
    (await signAssertion(client.key, { clientId: client.clientId, aud: tokenEndpoint(h) }));
  return token(h, {
    grant_type: 'authorization_code',
    code: code.code,
    code_verifier: code.verifier,
    redirect_uri: CALLBACK,
    ...assertionFields(client.clientId, signed),
  });
}

/** A refusal of client authentication: 401 `invalid_client` with a JSON body. */
export function expectInvalidClient(reply: Reply): void {
  expect(reply.status, reply.text).toBe(401);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  expect(reply.json['error']).toBe('invalid_client');
}
