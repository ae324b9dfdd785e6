import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from '../../config/types.ts';
import { configuredResources, type ExtraResource } from '../provider/resources.ts';
import { codeTargetProblem, type FindCode } from './code-target.ts';
import { readBody, withBody } from './request-body.ts';
import { sendOAuthError } from './respond.ts';

const TOKEN_BODY_LIMIT = 64 * 1024;

/**
 * Looks at a token request before oidc-provider does: every `resource` must be a configured MCP
 * resource, or the answer is `invalid_target` (research §5 E2) — decided before the provider
 * consumes a code or rotates a refresh token (spikes §2 pitfall 4: a refused refresh must leave
 * the token usable), and a code is checked against the `resource` it was issued for (defect 2:
 * a refused exchange must leave the code usable). Returns the request to hand on, or undefined
 * when it answered.
 */
export async function precheckTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  config: GatewayConfig,
  findCode: FindCode,
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
    const isKnown = async (r: string) => known.has(r) || (await extra?.(r)) === true;
    const form = new URLSearchParams(body.toString('utf8'));
    const accepted = await Promise.all(form.getAll('resource').map(isKnown));
    if (accepted.includes(false)) {
      sendOAuthError(res, 400, 'invalid_target', 'resource is not a known MCP server');
      return undefined;
    }
    const problem = await codeTargetProblem(form, findCode, isKnown);
    if (problem !== undefined) {
      sendOAuthError(res, 400, 'invalid_target', problem);
      return undefined;
    }
  }
  return withBody(req, body);
}
