import { expect } from 'vitest';
import { MCP_RESOURCE, pkce, type AsHarness } from './harness.ts';
import { authorize } from './flows.ts';

/** Starts an authorization with a CIMD client id and expects a local error page, no redirect. */
export async function expectCimdRefused(h: AsHarness, clientId: string, redirectUri: string) {
  const outcome = await authorize(h, {
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    resource: MCP_RESOURCE,
  });
  expect(outcome.location, `redirected for ${clientId}`).toBeUndefined();
  expect(outcome.status).toBeGreaterThanOrEqual(400);
  expect(outcome.body).toMatch(/invalid_client/);
  return outcome;
}

export const CALLBACK = 'http://127.0.0.1:4444/callback';

export function document(clientId: string, extra: Record<string, unknown> = {}) {
  return {
    client_id: clientId,
    client_name: 'CIMD client',
    redirect_uris: [CALLBACK],
    token_endpoint_auth_method: 'none',
    ...extra,
  };
}
