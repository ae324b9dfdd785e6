import type { Context } from 'hono';
import type { AuthContext } from './context.ts';
import { parseCookies, serializeCookie } from '../session/cookies.ts';
import { CSRF_COOKIE } from '../session/csrf.ts';
import { authCookieSecure } from './complete.ts';

/** The CSRF token for a form on this response (sets the CSRF cookie when the browser has none). */
export function csrfFor(c: Context, ctx: AuthContext): string {
  const issued = ctx.csrf.issue(parseCookies(c.req.header('cookie')).get(CSRF_COOKIE));
  if (issued.fresh) {
    c.header(
      'set-cookie',
      serializeCookie(CSRF_COOKIE, issued.cookieValue, {
        secure: authCookieSecure(ctx),
        sameSite: 'Strict',
      }),
      { append: true },
    );
  }
  return issued.token;
}

export function formField(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

/**
 * A form post is ours only when it carries the CSRF token of this browser and, when the browser
 * says where it comes from, it comes from our own origin.
 */
export function isTrustedFormPost(
  c: Context,
  ctx: AuthContext,
  form: Record<string, unknown>,
): boolean {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  // Browsers send `Origin: null` for a form post from a page with a strict referrer policy (ours
  // is no-referrer); accept it only when the browser also says the post is same-origin (pages
  // cannot forge Sec-Fetch-Site). The CSRF token is required either way.
  const nullButSameOrigin = origin === 'null' && site === 'same-origin';
  if (
    origin !== undefined &&
    origin !== ctx.config().authenticateServiceUrl &&
    !nullButSameOrigin
  ) {
    return false;
  }
  return ctx.csrf.verify(parseCookies(c.req.header('cookie')).get(CSRF_COOKIE), form['csrf']);
}
