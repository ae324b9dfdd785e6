import { MCP_SCOPE } from '../../../mcp/resource/index.ts';
import { tokenOf, type McpContext } from '../context.ts';
import { INSUFFICIENT_SCOPE, type McpRefusal } from '../refusal.ts';

/** RFC 6750 §3.1: a token without the `mcp` scope is refused with `insufficient_scope`. */
export function scope(ctx: McpContext): McpRefusal | undefined {
  return tokenOf(ctx).scope.includes(MCP_SCOPE) ? undefined : INSUFFICIENT_SCOPE;
}
