import type { Context } from 'hono';
import { page, redirect } from '../../authenticate/respond.ts';
import type { AuthContext } from '../../authenticate/context.ts';
import type { AuthEnv } from '../../authenticate/env.ts';
import { requestMeta } from '../../edge/request-meta.ts';
import { messagePage } from '../../pages/index.ts';

export function message(
  c: Context<AuthEnv>,
  status: number,
  title: string,
  text: string,
): Response {
  const { requestId } = requestMeta(c.env.incoming);
  return page(c, messagePage({ status, title, message: text, requestId }));
}

export function toAccount(c: Context<AuthEnv>, ctx: AuthContext): Response {
  return redirect(c, `${ctx.config().authenticateServiceUrl}/account#tunnels`);
}
