import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { SessionRecord } from '@gatehouse/core';
import { CALLBACK_PATH, SESSION_COOKIE, type AuthContext } from './context.ts';
import { redirect } from './respond.ts';
import { safeReturnTo } from './return-to.ts';
import { serializeCookie } from '../session/cookies.ts';

/** One-time sign-in handoffs to route hosts live this long (ms). */
export const HANDOFF_TTL_MS = 60_000;
export const HANDOFF_KIND = 'signin-handoff';

export const hashCode = (code: string) => createHash('sha256').update(code).digest('base64url');

export function isKnownOrigin(ctx: AuthContext, origin: string): boolean {
  const config = ctx.config();
  if (origin === config.authenticateServiceUrl) return true;
  return config.routes.some((r) => r.from === origin);
}

export function authCookieSecure(ctx: AuthContext): boolean {
  return ctx.config().authenticateServiceUrl.startsWith('https:');
}

/**
 * After a successful sign-in: set the auth host's session cookie and send the browser on.
 * A route origin gets a single-use code it exchanges for its own host-only cookie (the session
 * token itself never leaves the auth host's cookie).
 */
export async function finishSignIn(
  c: Context,
  ctx: AuthContext,
  token: string,
  session: SessionRecord,
  returnTo: unknown,
): Promise<Response> {
  const config = ctx.config();
  c.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, token, {
      secure: authCookieSecure(ctx),
      maxAge: Math.floor((session.expiresAt - session.createdAt) / 1000),
    }),
    { append: true },
  );
  return continueTo(c, ctx, session, returnTo, `${config.authenticateServiceUrl}/account`);
}

export async function continueTo(
  c: Context,
  ctx: AuthContext,
  session: SessionRecord,
  returnTo: unknown,
  fallback: string,
): Promise<Response> {
  const config = ctx.config();
  const target = safeReturnTo(returnTo, (o) => isKnownOrigin(ctx, o), fallback);
  if (target.origin === config.authenticateServiceUrl) return redirect(c, target.href);
  const code = randomBytes(32).toString('base64url');
  await ctx.store.records.put(
    HANDOFF_KIND,
    hashCode(code),
    { sid: session.id, origin: target.origin },
    ctx.clock.now() + HANDOFF_TTL_MS,
  );
  const callback = new URL(CALLBACK_PATH, target.origin);
  callback.searchParams.set('code', code);
  callback.searchParams.set('return_to', `${target.pathname}${target.search}`);
  return redirect(c, callback.href);
}
