import { wrongPathAnswer } from '../../mcp-wrong-path.ts';
import type { McpContext } from '../context.ts';
import type { McpRefusal } from '../refusal.ts';

/** An MCP client pointed at the wrong path of the host gets a 404 naming the MCP URL. */
export function wrongPath(ctx: McpContext): McpRefusal | undefined {
  const body = wrongPathAnswer(ctx.req, ctx.prepared.path, ctx.resource);
  return body === undefined ? undefined : { kind: 'wrong-path', body };
}
