import { hasQueryToken } from '../../../mcp/resource/index.ts';
import type { McpContext } from '../context.ts';
import { TOKEN_IN_QUERY, type McpRefusal } from '../refusal.ts';

/** MCP authorization §"Access Token Usage" (OAuth 2.1 §5.2): never a token in the query string. */
export function noTokenInQuery(ctx: McpContext): McpRefusal | undefined {
  return hasQueryToken(ctx.req.url ?? '/') ? TOKEN_IN_QUERY : undefined;
}
