import { tokenOf, type McpContext } from './context.ts';
import { transformMcpResponse } from './response.ts';

// E4: the client's token is for us; the upstream gets the signed identity assertion instead.
// accept-encoding: the tools/list filter must read the upstream's answer as plain text.
const REMOVE_HEADERS: readonly string[] = ['authorization', 'accept-encoding'];

/** The last step: an allowed request goes upstream with the body exactly as inspected. */
export function forward(ctx: McpContext): Promise<void> {
  return ctx.edge.forward(
    ctx,
    {
      ...(ctx.body === undefined ? {} : { body: ctx.body }),
      removeHeaders: REMOVE_HEADERS,
      // The one closure per request: the proxy's hook has no context argument.
      transformResponse: (_status, headers) => transformMcpResponse(ctx, headers),
    },
    tokenOf(ctx),
  );
}
