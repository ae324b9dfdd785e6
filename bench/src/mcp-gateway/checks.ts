import { httpRequest } from '../lib/http.ts';
import type { PreparedRequest } from '../mcp-requests.ts';

// What must hold before the gateway is loaded: a benchmark of 401s or of policy refusals would be
// worthless. (The 200-with-echo check of both paths is `verifyEcho` in throughput.ts.)

/** The same request without `Authorization`: the gateway must answer 401 with a Bearer challenge. */
export async function expectUnauthorized(url: string, request: PreparedRequest): Promise<void> {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => name !== 'authorization'),
  );
  const response = await httpRequest(url, { method: 'POST', headers, body: request.body });
  const challenge = response.headers['www-authenticate'];
  if (
    response.status !== 401 ||
    typeof challenge !== 'string' ||
    !challenge.includes('resource_metadata=')
  ) {
    throw new Error(
      `gatehouse without a token answered ${response.status} ` +
        `(www-authenticate: ${String(challenge)}), expected 401 with resource_metadata`,
    );
  }
}

/**
 * `request` turned into a call of `tool` (body and `Mcp-Name` alike): the policy denies it, so the
 * gateway must answer 200 with a JSON-RPC error and not the upstream's answer.
 */
export async function expectPolicyDenies(
  url: string,
  request: PreparedRequest,
  tool: string,
): Promise<void> {
  const message = JSON.parse(request.body) as { params: Record<string, unknown> };
  const body = JSON.stringify({ ...message, params: { ...message.params, name: tool } });
  const response = await httpRequest(url, {
    method: 'POST',
    headers: { ...request.headers, 'mcp-name': tool },
    body,
  });
  if (response.status !== 200 || !response.body.includes('not allowed by policy')) {
    throw new Error(
      `gatehouse answered a call of "${tool}" with ${response.status}, expected a policy ` +
        `refusal:\n${response.body.slice(0, 300)}`,
    );
  }
}
