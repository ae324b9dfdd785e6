import { checkRequestContentType } from '../../../mcp/inspect/index.ts';
import type { McpContext } from '../context.ts';
import type { McpRefusal } from '../refusal.ts';

/** A POST body is `application/json` in UTF-8 without a content coding (mcp/inspect/content-type.ts). */
export function contentType(ctx: McpContext): McpRefusal | undefined {
  if (ctx.req.method !== 'POST') return undefined;
  const { headers } = ctx.req;
  const refusal = checkRequestContentType(headers['content-type'], headers['content-encoding']);
  return refusal === undefined ? undefined : { kind: 'inspect', refusal };
}
