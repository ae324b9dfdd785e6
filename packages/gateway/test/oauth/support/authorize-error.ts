import { expect } from 'vitest';
import { MCP_RESOURCE, type AsHarness } from './harness.ts';
import { authorize, REDIRECT_URI, registerClient } from './flows.ts';

/** Authorizes with `params` for a fresh client and returns the error sent to its redirect URI. */
export async function redirectedError(
  h: AsHarness,
  params: Record<string, string>,
): Promise<URLSearchParams> {
  const clientId = await registerClient(h);
  const outcome = await authorize(h, {
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    state: 'st',
    resource: MCP_RESOURCE,
    ...params,
  });
  const location = outcome.location;
  expect(location, outcome.body).toBeDefined();
  const result = (location as URL).searchParams;
  expect(result.get('code')).toBeNull();
  expect(result.get('iss')).toBe(h.issuer);
  expect(result.get('state')).toBe('st');
  return result;
}
