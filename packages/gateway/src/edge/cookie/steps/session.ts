import { SESSION_COOKIE } from '../../../authenticate/context.ts';
import { cookieValue } from '../../../session/cookies.ts';
import type { CookieContext } from '../context.ts';

/**
 * The host's own session cookie (per-host cookies with handoff: a cookie set for another route
 * host does not open here) names the signed-in session. No cookie is no session, not a refusal:
 * a public route lets anyone in.
 */
export function session(ctx: CookieContext): undefined | Promise<undefined> {
  const { sessions } = ctx.deps;
  const sid = sessions.openRouteCookie(
    cookieValue(ctx.req.headers.cookie, SESSION_COOKIE),
    ctx.prepared.route.host,
  );
  if (sid === undefined) return undefined;
  // A session the cache holds live is answered without a promise (the hot path, issue 18);
  // anything else (a miss, an ended session, a touch due) goes through the store as before.
  const cached = sessions.cachedFromId(sid);
  if (cached === undefined) return load(ctx, sid);
  ctx.session = cached;
  return undefined;
}

async function load(ctx: CookieContext, sid: string): Promise<undefined> {
  ctx.session = await ctx.deps.sessions.fromId(sid);
  return undefined;
}
