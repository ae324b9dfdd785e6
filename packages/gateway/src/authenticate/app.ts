import { Hono, type Context } from 'hono';
import type { AuthContext } from './context.ts';
import { getAccount, postRevoke, postRevokeClient, postSignOut } from './account.ts';
import { getInteraction, postInteraction } from '../oauth/consent/routes.ts';
import { isTrustedFormPost } from './forms.ts';
import { page, redirect } from './respond.ts';
import { getSignIn, postSignIn } from './signin-builtin.ts';
import { getLink, postLink } from './signin-link.ts';
import { oidcCallback, startOidc } from './signin-oidc.ts';
import { requestMeta } from '../edge/request-meta.ts';
import { JWKS_PATH } from '../assertion/index.ts';
import { messagePage, PAGE_CSP } from '../pages/index.ts';
import type { AuthEnv } from './env.ts';
import {
  accountSectionFor,
  registerTunnelPages,
  type TunnelService,
} from '../tunnel-accounts/index.ts';
import { isStoreUnavailable, storeUnavailableAnswer } from '../store/unavailable.ts';
import type { McpTrafficInspector } from '@gatehouse/core';
import { INSPECT_PATH, registerInspectPages } from './inspect/register.ts';

const AUTH_PAGE_CSP = PAGE_CSP.replace("form-action 'self'; ", '');

const htmlOf = (r: string | { html: string }) => (typeof r === 'string' ? r : r.html);

/** Forms are small; anything bigger is not ours. */
const MAX_FORM_BYTES = 16 * 1024;

type FormHandler = (
  c: Context<AuthEnv>,
  ctx: AuthContext,
  form: Record<string, unknown>,
) => Promise<Response>;

function problem(c: Context<AuthEnv>, status: number, title: string, message: string): Response {
  const { requestId } = requestMeta(c.env.incoming);
  return page(c, { status, html: htmlOf(messagePage({ status, title, message, requestId })) });
}

/** Wraps a POST handler: size limit, form parsing, CSRF and origin checks (A12). */
function form(ctx: AuthContext, handler: FormHandler) {
  return async (c: Context<AuthEnv>): Promise<Response> => {
    const length = Number(c.req.header('content-length') ?? 'NaN');
    if (!Number.isFinite(length) || length > MAX_FORM_BYTES) {
      return problem(
        c,
        413,
        'Form too large',
        'That form submission was too large or had no length.',
      );
    }
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      return problem(
        c,
        415,
        'Unsupported form',
        'Forms must be sent as application/x-www-form-urlencoded.',
      );
    }
    const body = Object.fromEntries(new URLSearchParams(await c.req.text()));
    if (!isTrustedFormPost(c, ctx, body)) {
      return problem(
        c,
        403,
        'Form expired',
        'This form was not sent from this site or has expired. Go back, reload the page and try again.',
      );
    }
    return handler(c, ctx, body);
  };
}

/** The authenticate service: sign-in, one-time links, upstream OIDC, account, sign-out. */
export function createAuthApp(
  ctx: AuthContext,
  tunnel?: TunnelService,
  /**
   * The MCP traffic inspector (issue 16), read per request (the gateway may build it after this
   * app); `/inspect` answers 404 while it is undefined.
   */
  traffic: () => McpTrafficInspector | undefined = () => undefined,
): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  // No form-action on the auth host: browsers apply it to every redirect after a form post, and
  // sign-in or consent can end at any OAuth client's redirect_uri. default-src 'none' already
  // forbids scripts, so an injected form could not submit itself.
  app.use(async (c, next) => {
    await next();
    // The inspector's page sets its own CSP (one script file, form-action 'self'): keep it.
    const own = c.req.path === INSPECT_PATH || c.req.path.startsWith(`${INSPECT_PATH}/`);
    if (!own && c.res.headers.has('content-security-policy')) {
      c.res.headers.set('content-security-policy', AUTH_PAGE_CSP);
    }
  });
  app.get('/', (c) => redirect(c, `${ctx.config().authenticateServiceUrl}/account`));
  app.get('/signin', (c) => getSignIn(c, ctx));
  app.post('/signin', form(ctx, postSignIn));
  app.get('/signin/link', (c) => getLink(c, ctx));
  app.post('/signin/link', form(ctx, postLink));
  app.get('/oauth2/start/:id', (c) => startOidc(c, ctx));
  app.get('/oauth2/callback/:id', (c) => oidcCallback(c, ctx));
  app.get('/oauth/interaction/:uid', (c) => getInteraction(c, ctx));
  app.post(
    '/oauth/interaction/:uid/confirm',
    form(ctx, (c) => postInteraction(c, ctx, true)),
  );
  app.post(
    '/oauth/interaction/:uid/deny',
    form(ctx, (c) => postInteraction(c, ctx, false)),
  );
  const tunnelSection = tunnel === undefined ? undefined : accountSectionFor(tunnel, ctx);
  app.get('/account', (c) => getAccount(c, ctx, tunnelSection));
  if (tunnel !== undefined) registerTunnelPages(app, ctx, tunnel, (h) => form(ctx, h));
  registerInspectPages(app, ctx, traffic, (h) => form(ctx, h));
  app.post('/account/sessions/revoke', form(ctx, postRevoke));
  app.post('/account/clients/revoke', form(ctx, postRevokeClient));
  app.get('/signout', (c) => redirect(c, `${ctx.config().authenticateServiceUrl}/account`));
  app.post(
    '/signout',
    form(ctx, (c) => postSignOut(c, ctx)),
  );
  app.get(JWKS_PATH, (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(ctx.jwks());
  });
  app.notFound((c) => problem(c, 404, 'Not found', 'There is no page at this address.'));
  app.onError((error, c) => {
    ctx.logger.error(
      {
        requestId: requestMeta(c.env.incoming).requestId,
        err: { message: error.message, code: (error as { code?: unknown }).code },
      },
      'auth service error',
    );
    if (isStoreUnavailable(error)) {
      const { requestId } = requestMeta(c.env.incoming);
      const answer = storeUnavailableAnswer(requestId, 'html');
      return new Response(answer.body, { status: answer.status, headers: answer.headers });
    }
    return problem(
      c,
      500,
      'Something went wrong',
      'The request failed on our side. Quote the request id when you report it.',
    );
  });
  return app;
}
