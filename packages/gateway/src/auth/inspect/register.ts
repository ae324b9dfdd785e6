import type { Context, Hono } from 'hono';
import type { McpTrafficInspector } from '@gatehouse/core';
import type { AuthContext } from '../context.ts';
import type { AuthEnv } from '../env.ts';
import { INSPECT_SCRIPT, INSPECT_SCRIPT_PATH } from '../../pages/inspect/index.ts';
import { getInspectEvents } from './events.ts';
import { getInspectExport } from './export.ts';
import { postInspectReplay } from './replay.ts';
import { getInspect } from './view.ts';

/** Every inspector path starts here; the auth app keeps these responses' own CSP. */
export const INSPECT_PATH = '/inspect';

type FormHandler = (
  c: Context<AuthEnv>,
  ctx: AuthContext,
  form: Record<string, unknown>,
) => Promise<Response>;
type FormWrap = (handler: FormHandler) => (c: Context<AuthEnv>) => Promise<Response>;

/** The MCP traffic inspector's pages on the auth host (issue 16). */
export function registerInspectPages(
  app: Hono<AuthEnv>,
  ctx: AuthContext,
  inspector: McpTrafficInspector,
  form: FormWrap,
): void {
  app.get(INSPECT_PATH, (c) => getInspect(c, ctx, inspector));
  app.get(`${INSPECT_PATH}/events`, (c) => getInspectEvents(c, ctx, inspector));
  app.get(`${INSPECT_PATH}/export`, (c) => getInspectExport(c, ctx, inspector));
  app.post(
    `${INSPECT_PATH}/replay`,
    form((c, _ctx, body) => postInspectReplay(c, ctx, body, inspector)),
  );
  app.get(INSPECT_SCRIPT_PATH, (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'no-cache');
    c.header('x-content-type-options', 'nosniff');
    return c.body(INSPECT_SCRIPT);
  });
}
