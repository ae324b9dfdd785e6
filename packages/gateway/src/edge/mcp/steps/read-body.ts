import { readLimitedBody } from '../../../mcp/inspect/read-body.ts';
import type { McpContext } from '../context.ts';
import type { McpRefusal } from '../refusal.ts';

/**
 * A POST body is read whole, up to the route's `max_request_bytes` (413 past it), before any of
 * it goes upstream: the bytes inspected are the bytes forwarded (issue 6).
 */
export async function readBody(ctx: McpContext): Promise<McpRefusal | undefined> {
  if (ctx.req.method !== 'POST') return undefined;
  const read = await readLimitedBody(ctx.req, ctx.route.maxRequestBytes);
  if (!read.ok) return { kind: 'inspect', refusal: read };
  ctx.body = read.body;
  return undefined;
}
