import { SESSION_COOKIE } from '../../../authenticate/context.ts';
import { parseCookies } from '../../../session/cookies.ts';
import type { CookieContext } from '../context.ts';

/**
 * The host's own session cookie (per-host cookies with handoff: a cookie set for another route
 * host does not open here) names the signed-in session. No cookie is no session, not a refusal:
 * a public route lets anyone in.
 */
export function session(ctx: CookieContext): undefined | Promise<undefined> {
  const { sessions } = ctx.deps;
  const sid = sessions.openRouteCookie(
    parseCookies(ctx.req.headers.cookie).get(SESSION_COOKIE),
    ctx.prepared.route.host,
  );
  return sid === undefined ? undefined : load(ctx, sid);
}

async function load(ctx: CookieContext, sid: string): Promise<undefined> {
  ctx.session = await ctx.deps.sessions.fromId(sid);
  return undefined;
}
