import { checkMcpHeaders } from '../../../mcp/inspect/index.ts';
import type { McpContext } from '../context.ts';
import type { McpRefusal } from '../refusal.ts';

/** MCP 2026-07-28: `Mcp-Method` and `Mcp-Name` must say what the body says (400, -32020). */
export function headersMatchBody(ctx: McpContext): McpRefusal | undefined {
  if (ctx.message === undefined) return undefined;
  // headersDistinct: a repeated Mcp-Method must be seen as two values, not one joined string.
  const refusal = checkMcpHeaders(ctx.req.headersDistinct, ctx.message);
  return refusal === undefined ? undefined : { kind: 'inspect', refusal };
}
