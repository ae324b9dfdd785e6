import type { Context } from 'hono';
import { SESSION_COOKIE, type AuthContext } from './context.ts';
import { continueTo, finishSignIn } from './complete.ts';
import { csrfFor, formField } from './forms.ts';
import { page } from './respond.ts';
import { requestMeta } from '../edge/request-meta.ts';
import { verifyPassword } from '../identity/builtin/passwords.ts';
import { signInPage } from '../pages/index.ts';
import { parseCookies } from '../session/cookies.ts';
import type { AuthEnv } from './env.ts';

function providersFor(ctx: AuthContext, returnTo: string) {
  return ctx.config().identityProviders.map((p) => {
    if (p.type === 'builtin') return { id: p.id, name: p.name, type: 'builtin' as const };
    const start = new URL(`/oauth2/start/${p.id}`, ctx.config().authenticateServiceUrl);
    start.searchParams.set('return_to', returnTo);
    return { id: p.id, name: p.name ?? p.id, type: 'oidc' as const, startUrl: start.href };
  });
}

export function renderSignIn(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  returnTo: string,
  status: number,
  error?: string,
  email?: string,
): Response {
  const csrfToken = csrfFor(c, ctx);
  const rendered = signInPage({
    providers: providersFor(ctx, returnTo),
    csrfToken,
    returnTo,
    ...(error === undefined ? {} : { error }),
    ...(email === undefined ? {} : { email }),
  });
  return page(c, { status, html: typeof rendered === 'string' ? rendered : rendered.html });
}

export async function getSignIn(c: Context<AuthEnv>, ctx: AuthContext): Promise<Response> {
  const returnTo = c.req.query('return_to') ?? '';
  const session = await ctx.sessions.fromToken(
    parseCookies(c.req.header('cookie')).get(SESSION_COOKIE),
  );
  if (session !== undefined)
    return continueTo(c, ctx, session, returnTo, `${ctx.config().authenticateServiceUrl}/account`);
  return renderSignIn(c, ctx, returnTo, 200);
}

const GENERIC_FAILURE = 'That email and password did not match an active account.';

export async function postSignIn(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  form: Record<string, unknown>,
): Promise<Response> {
  const returnTo = formField(form, 'return_to');
  const email = formField(form, 'email').trim().toLowerCase();
  const password = formField(form, 'password');
  if (!ctx.config().identityProviders.some((p) => p.type === 'builtin')) {
    return renderSignIn(c, ctx, returnTo, 400, 'Password sign-in is not enabled on this server.');
  }
  const { clientIp, requestId } = requestMeta(c.env.incoming);
  const byIp = await ctx.limits.perIp.hit(clientIp);
  const byAccount = await ctx.limits.perAccount.hit(email);
  if (!byIp.allowed || !byAccount.allowed) {
    ctx.logger.warn(
      { requestId, event: 'signin-rate-limited', ip: clientIp },
      'sign-in attempts rate-limited',
    );
    c.header('retry-after', String(Math.max(byIp.retryAfterSeconds, byAccount.retryAfterSeconds)));
    return renderSignIn(
      c,
      ctx,
      returnTo,
      429,
      'Too many sign-in attempts. Wait a few minutes and try again.',
      email,
    );
  }
  const account = email === '' ? undefined : await ctx.store.accounts.findByEmail(email);
  const ok = await verifyPassword(password, account?.passwordHash ?? null);
  if (account === undefined || !ok || account.disabled) {
    ctx.logger.info({ requestId, event: 'signin-failed', ip: clientIp }, 'password sign-in failed');
    return renderSignIn(c, ctx, returnTo, 401, GENERIC_FAILURE, email);
  }
  const { token, session } = await ctx.sessions.start(
    {
      userId: account.id,
      email: account.email,
      name: account.name,
      groups: account.groups,
      claims: {},
      idp: 'builtin',
    },
    { ip: clientIp, userAgent: c.req.header('user-agent') ?? null },
  );
  ctx.logger.info({ requestId, event: 'signin', user: account.email, idp: 'builtin' }, 'signed in');
  return finishSignIn(c, ctx, token, session, returnTo);
}
