import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from '../../config/types.ts';
import { configuredResources, type ExtraResource } from '../provider/resources.ts';
import { readBody, withBody } from './request-body.ts';
import { sendOAuthError } from './respond.ts';

const TOKEN_BODY_LIMIT = 64 * 1024;

/**
 * Looks at a token request before oidc-provider does: every `resource` must be a configured MCP
 * resource, or the answer is `invalid_target` (research §5 E2) — decided before the provider
 * consumes a code or rotates a refresh token (spikes §2 pitfall 4: a refused refresh must leave
 * the token usable). Returns the request to hand on, or undefined when it answered.
 */
export async function precheckTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  config: GatewayConfig,
  extra?: ExtraResource,
): Promise<IncomingMessage | undefined> {
  const body = await readBody(req, TOKEN_BODY_LIMIT);
  if (body === undefined) {
    sendOAuthError(res, 413, 'invalid_request', 'the request body is too large');
    return undefined;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const known = configuredResources(config);
    const requested = new URLSearchParams(body.toString('utf8')).getAll('resource');
    const unknown = requested.filter((resource) => !known.has(resource));
    const accepted = await Promise.all(unknown.map(async (r) => (await extra?.(r)) === true));
    if (accepted.includes(false)) {
      sendOAuthError(res, 400, 'invalid_target', 'resource is not a known MCP server');
      return undefined;
    }
  }
  return withBody(req, body);
}
