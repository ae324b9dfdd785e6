import { parseAuthorization } from '../../../mcp/resource/index.ts';
import type { McpContext } from '../context.ts';
import type { McpRefusal } from '../refusal.ts';

/**
 * The access token (Bearer, or DPoP with its proof, RFC 9449) must be ours, for exactly this
 * MCP URL (RFC 8707), unexpired and unrevoked. Never a redirect: an MCP client gets the 401
 * challenge that leads it to the authorization server.
 */
export async function token(ctx: McpContext): Promise<McpRefusal | undefined> {
  const { req } = ctx;
  const verified = await ctx.deps.verifier.verify(req.headers.authorization, ctx.resource, {
    proofs: req.headersDistinct['dpop'],
    method: req.method ?? 'GET',
    // RFC 9449 §4.3: `htu` is the URL the client used: the route's public origin from config
    // (tunnel_url, TLS or a proxy in front included), never this request's Host.
    url: `${ctx.route.from}${ctx.prepared.path}`,
  });
  if (!verified.ok) {
    const presented = parseAuthorization(req.headers.authorization);
    return {
      kind: 'token',
      failure: verified.reason,
      detail: verified.detail,
      scheme: presented.kind === 'token' ? presented.scheme : undefined,
    };
  }
  ctx.token = verified.token;
  ctx.scheme = verified.scheme;
  ctx.user = verified.token.email ?? verified.token.sub;
  return undefined;
}
