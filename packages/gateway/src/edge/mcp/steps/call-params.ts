import { mcpInputOf } from '../../../mcp/inspect/index.ts';
import type { McpContext } from '../context.ts';
import type { McpRefusal } from '../refusal.ts';

/**
 * A request or notification becomes the policy's `mcp` input; a `tools/call` whose name or
 * arguments have the wrong shape is refused (-32602) rather than evaluated.
 */
export function callParams(ctx: McpContext): McpRefusal | undefined {
  const { message } = ctx;
  if (message === undefined || message.kind === 'response') return undefined;
  const input = mcpInputOf(message);
  if (!input.ok) return { kind: 'inspect', refusal: input };
  ctx.mcp = input.input;
  return undefined;
}
