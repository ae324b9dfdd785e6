import type { Context } from 'hono';
import { isGatehouseError } from '@gatehouse/core';
import { OIDC_STATE_COOKIE, type AuthContext } from './context.ts';
import { authCookieSecure, finishSignIn } from './complete.ts';
import { page, redirect } from './respond.ts';
import { requestMeta } from '../edge/request-meta.ts';
import { messagePage } from '../pages/index.ts';
import { parseCookies, serializeCookie } from '../session/cookies.ts';
import type { AuthEnv } from './env.ts';

const STATE_TTL_SECONDS = 600;
const htmlOf = (r: string | { html: string }) => (typeof r === 'string' ? r : r.html);

function problem(c: Context<AuthEnv>, status: number, title: string, message: string): Response {
  const { requestId } = requestMeta(c.env.incoming);
  return page(c, { status, html: htmlOf(messagePage({ status, title, message, requestId })) });
}

export async function startOidc(c: Context<AuthEnv>, ctx: AuthContext): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const provider = ctx.oidc().get(id);
  if (provider === undefined)
    return problem(
      c,
      404,
      'Unknown sign-in provider',
      `No identity provider "${id}" is configured.`,
    );
  try {
    const { authorizationUrl, state } = await provider.begin({
      returnTo: c.req.query('return_to') ?? '',
    });
    // Lax: the IdP's redirect back is a top-level GET navigation, which Lax cookies accompany.
    c.header(
      'set-cookie',
      serializeCookie(`${OIDC_STATE_COOKIE}_${id}`, state, {
        secure: authCookieSecure(ctx),
        maxAge: STATE_TTL_SECONDS,
      }),
      { append: true },
    );
    return redirect(c, authorizationUrl);
  } catch (error) {
    ctx.logger.error(
      {
        requestId: requestMeta(c.env.incoming).requestId,
        idp: id,
        code: isGatehouseError(error) ? error.code : 'unknown',
      },
      'could not start OIDC sign-in',
    );
    return problem(
      c,
      502,
      'Sign-in provider unavailable',
      `The identity provider "${id}" could not be reached. Try again shortly; if it persists, check its issuer URL in the config.`,
    );
  }
}

export async function oidcCallback(c: Context<AuthEnv>, ctx: AuthContext): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const provider = ctx.oidc().get(id);
  if (provider === undefined)
    return problem(
      c,
      404,
      'Unknown sign-in provider',
      `No identity provider "${id}" is configured.`,
    );
  const cookieName = `${OIDC_STATE_COOKIE}_${id}`;
  c.header(
    'set-cookie',
    serializeCookie(cookieName, '', { secure: authCookieSecure(ctx), maxAge: 0 }),
    { append: true },
  );
  const { requestId, clientIp } = requestMeta(c.env.incoming);
  try {
    const { identity, returnTo } = await provider.complete(
      new URL(c.req.url),
      parseCookies(c.req.header('cookie')).get(cookieName),
    );
    const { token, session } = await ctx.sessions.start(
      {
        userId: `${id}:${identity.subject}`,
        // An unverified address must not satisfy `email` or `domain` rules (account takeover).
        email: identity.emailVerified ? identity.email : null,
        name: identity.name,
        groups: identity.groups,
        claims: identity.claims,
        idp: id,
      },
      { ip: clientIp, userAgent: c.req.header('user-agent') ?? null },
    );
    ctx.logger.info(
      { requestId, event: 'signin', user: identity.email ?? session.userId, idp: id },
      'signed in',
    );
    return await finishSignIn(c, ctx, token, session, returnTo);
  } catch (error) {
    const code = isGatehouseError(error) ? error.code : 'unknown';
    ctx.logger.warn({ requestId, idp: id, code }, 'OIDC sign-in failed');
    return problem(
      c,
      400,
      'Sign-in failed',
      `Signing in with "${id}" did not complete (${code}). Start again from the sign-in page.`,
    );
  }
}
