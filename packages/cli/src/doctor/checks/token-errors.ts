import { fetchText, jsonObject, type ProbeSettings } from '../http.ts';
import { fail, pass, type CheckResult } from '../types.ts';
import type { AsMetadata } from './as-metadata.ts';

/**
 * Claude shows "Authorization with the MCP server failed" when a token-endpoint error is not
 * JSON (anthropics/claude-ai-mcp#134): RFC 6749 §5.2 requires an application/json error body.
 */
export async function checkTokenErrors(
  doc: AsMetadata,
  settings: ProbeSettings,
): Promise<CheckResult> {
  const id = 'token-errors';
  const endpoint = doc['token_endpoint'];
  if (typeof endpoint !== 'string' || !URL.canParse(endpoint))
    return fail(id, 'no token_endpoint in the metadata', 'advertise "token_endpoint"');
  const res = await fetchText(
    new URL(endpoint),
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=authorization_code&code=gatehouse-doctor-not-a-code&redirect_uri=https%3A%2F%2Fclaude.ai%2Fapi%2Fmcp%2Fauth_callback',
    },
    settings,
  );
  const type = (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const body = jsonObject(res.body);
  if (res.status < 400 || res.status >= 500) {
    return fail(
      id,
      `a bogus grant answered ${String(res.status)}, expected 400 or 401`,
      'answer invalid token requests with 400/401 and a JSON error (RFC 6749 §5.2)',
    );
  }
  if (type !== 'application/json' || body === undefined || typeof body['error'] !== 'string') {
    return fail(
      id,
      `a bogus grant answered ${String(res.status)} with ${type === '' ? 'no content type' : type}, not a JSON {"error": …} body`,
      'return token-endpoint errors as application/json with an "error" member (RFC 6749 §5.2); Claude fails without it',
    );
  }
  return pass(id, `a bogus grant answered ${String(res.status)} JSON error "${body['error']}"`);
}
