import type { Context } from 'hono';
import type { SessionRecord } from '@gatehouse/core';
import { parseCookies } from '../session/cookies.ts';
import { SESSION_COOKIE, type AuthContext } from './context.ts';
import type { AuthEnv } from './env.ts';
import { redirect } from './respond.ts';

/** The auth host's session of this browser, if it is signed in. */
export function currentSession(
  c: Context<AuthEnv>,
  ctx: AuthContext,
): Promise<SessionRecord | undefined> {
  return ctx.sessions.fromToken(parseCookies(c.req.header('cookie')).get(SESSION_COOKIE));
}

/**
 * The opening of every page and form behind sign-in: the signed-in user's session, or the
 * redirect to the sign-in page that comes back to `path` (on the auth host) afterwards.
 */
export async function signedInOrRedirect(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  path: string,
): Promise<{ session: SessionRecord } | { response: Response }> {
  const session = await currentSession(c, ctx);
  if (session !== undefined) return { session };
  const base = ctx.config().authenticateServiceUrl;
  const url = new URL('/signin', base);
  url.searchParams.set('return_to', new URL(path, base).href);
  return { response: redirect(c, url.href) };
}
