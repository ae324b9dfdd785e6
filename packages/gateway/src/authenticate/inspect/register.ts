import type { Context, Hono } from 'hono';
import type { McpTrafficInspector } from '@gatehouse/core';
import type { AuthContext } from '../context.ts';
import type { AuthEnv } from '../env.ts';
import { INSPECT_SCRIPT, INSPECT_SCRIPT_PATH } from '../../pages/inspect/index.ts';
import { getInspectEvents } from './events.ts';
import { getInspectExport } from './export.ts';
import { postInspectReplay } from './replay.ts';
import { getInspect } from './view.ts';
import { message } from '../../tunnel-accounts/http/respond.ts';

/** Every inspector path starts here; the auth app keeps these responses' own CSP. */
export const INSPECT_PATH = '/inspect';

type FormHandler = (
  c: Context<AuthEnv>,
  ctx: AuthContext,
  form: Record<string, unknown>,
) => Promise<Response>;
type FormWrap = (handler: FormHandler) => (c: Context<AuthEnv>) => Promise<Response>;

/**
 * The MCP traffic inspector's pages on the auth host (issue 16). `inspector` is read per request
 * (the gateway may build it after the auth app); while it is undefined the pages answer 404.
 */
export function registerInspectPages(
  app: Hono<AuthEnv>,
  ctx: AuthContext,
  inspector: () => McpTrafficInspector | undefined,
  form: FormWrap,
): void {
  type Handler = (c: Context<AuthEnv>, traffic: McpTrafficInspector) => Promise<Response>;
  const withInspector =
    (handler: Handler) =>
    (c: Context<AuthEnv>): Promise<Response> => {
      const traffic = inspector();
      return traffic === undefined
        ? Promise.resolve(message(c, 404, 'Not found', 'There is no page at this address.'))
        : handler(c, traffic);
    };
  app.get(
    INSPECT_PATH,
    withInspector((c, traffic) => getInspect(c, ctx, traffic)),
  );
  app.get(
    `${INSPECT_PATH}/events`,
    withInspector((c, traffic) => getInspectEvents(c, ctx, traffic)),
  );
  app.get(
    `${INSPECT_PATH}/export`,
    withInspector((c, traffic) => getInspectExport(c, ctx, traffic)),
  );
  app.post(
    `${INSPECT_PATH}/replay`,
    form((c, _ctx, body) => {
      const traffic = inspector();
      return traffic === undefined
        ? Promise.resolve(message(c, 404, 'Not found', 'There is no page at this address.'))
        : postInspectReplay(c, ctx, body, traffic);
    }),
  );
  app.get(INSPECT_SCRIPT_PATH, (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'no-cache');
    c.header('x-content-type-options', 'nosniff');
    return c.body(INSPECT_SCRIPT);
  });
}
