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

/** To the sign-in page, coming back to `path` (on the auth host) afterwards. */
export function toSignIn(c: Context<AuthEnv>, ctx: AuthContext, path: string): Response {
  const base = ctx.config().authenticateServiceUrl;
  const url = new URL('/signin', base);
  url.searchParams.set('return_to', new URL(path, base).href);
  return redirect(c, url.href);
}

export function toAccount(c: Context<AuthEnv>, ctx: AuthContext): Response {
  return redirect(c, `${ctx.config().authenticateServiceUrl}/account#tunnels`);
}
