import { parseJsonRpcBody } from '../../../mcp/inspect/index.ts';
import type { McpContext } from '../context.ts';
import type { McpRefusal } from '../refusal.ts';

/**
 * The body is exactly one JSON-RPC message in strict JSON (UTF-8 without BOM, no duplicate key,
 * bounded depth): what we inspect is what the upstream will parse (RFC 8259 §8.1).
 */
export function strictJson(ctx: McpContext): McpRefusal | undefined {
  if (ctx.body === undefined) return undefined;
  const parsed = parseJsonRpcBody(ctx.body);
  if (!parsed.ok) return { kind: 'inspect', refusal: parsed };
  ctx.message = parsed.message;
  if (parsed.message.kind === 'request') ctx.rpcId = parsed.message.id;
  return undefined;
}
