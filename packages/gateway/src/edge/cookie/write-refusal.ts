import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { forbiddenPage } from '../../pages/index.ts';
import type { LogSubject } from '../decision-log.ts';
import { htmlOf, sendJson, sendPage, wantsHtml } from '../respond.ts';
import { userOf, type CookieContext } from './context.ts';
import type { CookieRefusal } from './refusal.ts';

export function subjectOf(ctx: CookieContext): LogSubject {
  const { requestId, route } = ctx.prepared;
  const user = userOf(ctx.session);
  // Built once per request on the proxied path: no spread of a throw-away object.
  return ctx.decision === undefined
    ? { requestId, route, user }
    : { requestId, route, user, decision: ctx.decision };
}

function signInUrl(ctx: CookieContext): string {
  const url = new URL('/signin', ctx.deps.config().authenticateServiceUrl);
  url.searchParams.set('return_to', new URL(ctx.req.url ?? '/', ctx.prepared.route.from).href);
  return url.href;
}

/**
 * The one writer of browser-route refusals: a browser is redirected to sign in (302) or shown
 * the forbidden page (403); an API client gets 401 JSON with the sign-in URL. One log line each.
 */
export function writeCookieRefusal(
  ctx: CookieContext,
  refusal: CookieRefusal,
  res: ServerResponse,
): void {
  const { req, prepared } = ctx;
  if (refusal.kind === 'sign-in') {
    const browser = wantsHtml(req.method, req.headers.accept);
    ctx.deps.log(subjectOf(ctx), browser ? 302 : 401);
    if (browser) {
      res.writeHead(302, { location: signInUrl(ctx), 'cache-control': 'no-store' });
      res.end();
      return;
    }
    sendJson(res, 401, {
      error: 'unauthenticated',
      message: 'Sign in first.',
      sign_in_url: signInUrl(ctx),
      request_id: prepared.requestId,
    });
    return;
  }
  ctx.deps.log(subjectOf(ctx), 403);
  const page = forbiddenPage({
    requestId: prepared.requestId,
    email: ctx.session?.email ?? null,
    reasons: ctx.decision?.reasons ?? [],
    accountUrl: `${ctx.deps.config().authenticateServiceUrl}/account`,
  });
  sendPage(res, 403, htmlOf(page));
}

/** The same refusals on a WebSocket upgrade: a bare status line, then the socket closes. */
export function writeCookieUpgradeRefusal(
  ctx: CookieContext,
  refusal: CookieRefusal,
  socket: Duplex,
): void {
  const signIn = refusal.kind === 'sign-in';
  ctx.deps.log(subjectOf(ctx), signIn ? 401 : 403);
  const status = signIn ? '401 Unauthorized' : '403 Forbidden';
  socket.end(
    `HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\nx-request-id: ${ctx.prepared.requestId}\r\n\r\n`,
  );
}
