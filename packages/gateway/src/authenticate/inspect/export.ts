import type { Context } from 'hono';
import type { McpExchange, McpTrafficInspector } from '@gatehouse/core';
import type { AuthContext } from '../context.ts';
import type { AuthEnv } from '../env.ts';
import { harOf } from '../../pages/inspect/index.ts';
import { message } from '../../tunnel-accounts/http/respond.ts';
import { signedInOrRedirect } from '../signed-in.ts';
import { viewerOf } from './viewer.ts';

/** One export holds at most this many calls (the page shows 100). */
const MAX_EXPORT = 500;

/**
 * `GET /inspect/export?format=har|json&id=…&id=…`: the selected calls as a download. Ids the
 * viewer may not see are left out exactly like ids that do not exist.
 */
export async function getInspectExport(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  inspector: McpTrafficInspector,
): Promise<Response> {
  const signedIn = await signedInOrRedirect(c, ctx, '/inspect');
  if ('response' in signedIn) return signedIn.response;
  const viewer = viewerOf(signedIn.session);
  const format = c.req.query('format');
  if (format !== 'har' && format !== 'json') {
    return message(c, 400, 'Unknown export format', 'Choose format=har or format=json.');
  }
  const ids = [...new Set(c.req.queries('id') ?? [])].slice(0, MAX_EXPORT);
  const found: McpExchange[] = [];
  for (const id of ids) {
    const exchange = await inspector.get(viewer, id);
    if (exchange !== undefined) found.push(exchange);
  }
  if (found.length === 0) {
    return message(
      c,
      400,
      'Nothing selected',
      'Tick the calls to export in the list on /inspect, then choose Export.',
    );
  }
  found.sort((a, b) => a.timings.startedAt - b.timings.startedAt);
  const scheme = new URL(ctx.config().authenticateServiceUrl).protocol;
  const document = format === 'har' ? harOf(found, scheme) : { exchanges: found };
  return new Response(JSON.stringify(document, null, 2), {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="gatehouse-mcp-calls.${format}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
