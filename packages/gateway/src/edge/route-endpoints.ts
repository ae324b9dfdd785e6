import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock, Store } from '@gatehouse/core';
import type { ResolvedRoute } from '../config/index.ts';
import { HANDOFF_KIND, hashCode } from '../authenticate/complete.ts';
import { CALLBACK_PATH, SESSION_COOKIE, SIGN_OUT_PATH } from '../authenticate/context.ts';
import { safeLocalPath } from '../authenticate/return-to.ts';
import { messagePage, REDIRECT_SECURITY_HEADERS } from '../pages/index.ts';
import { serializeCookie } from '../session/cookies.ts';
import type { SessionManager } from '../session/sessions.ts';
import { htmlOf, sendPage } from './respond.ts';

/**
 * Paths every route host answers itself, never the upstream: the sign-in handoff, sign-out,
 * and the JWKS that verifies our identity assertions.
 */
export interface RouteEndpointDeps {
  readonly store: Store;
  readonly sessions: SessionManager;
  readonly clock: Clock;
  readonly authUrl: () => string;
  readonly jwksJson: () => string;
}

export const JWKS_ROUTE_PATH = '/.well-known/gatehouse/jwks.json';

/** Whether `path` is one `handleRouteEndpoint` answers: most requests skip it without a promise. */
export const isRouteEndpointPath = (path: string): boolean =>
  path === JWKS_ROUTE_PATH || path === SIGN_OUT_PATH || path === CALLBACK_PATH;

/** True when the edge answered the request. */
export async function handleRouteEndpoint(
  deps: RouteEndpointDeps,
  route: ResolvedRoute,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  requestId: string,
): Promise<boolean> {
  if (path === JWKS_ROUTE_PATH) {
    res.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': 'public, max-age=300',
    });
    res.end(deps.jwksJson());
    return true;
  }
  if (path === SIGN_OUT_PATH) {
    const secure = route.from.startsWith('https:');
    res.writeHead(302, {
      location: `${deps.authUrl()}/account`,
      'set-cookie': serializeCookie(SESSION_COOKIE, '', { secure, maxAge: 0 }),
      'cache-control': 'no-store',
    });
    res.end();
    return true;
  }
  if (path !== CALLBACK_PATH) return false;
  const url = new URL(req.url ?? '/', route.from);
  const code = url.searchParams.get('code') ?? '';
  const handoff = (await deps.store.records.consume(
    HANDOFF_KIND,
    hashCode(code),
    deps.clock.now(),
  )) as { sid?: unknown; origin?: unknown } | undefined;
  const session =
    typeof handoff?.sid === 'string' && handoff.origin === route.from
      ? await deps.sessions.fromId(handoff.sid)
      : undefined;
  if (session === undefined) {
    sendPage(
      res,
      400,
      htmlOf(
        messagePage({
          status: 400,
          title: 'Sign-in link expired',
          message: 'This sign-in step expired or was already used. Open the page again to sign in.',
          requestId,
        }),
      ),
    );
    return true;
  }
  const cookie = serializeCookie(
    SESSION_COOKIE,
    deps.sessions.routeCookie(session.id, route.host),
    {
      secure: route.from.startsWith('https:'),
      maxAge: Math.floor((session.expiresAt - deps.clock.now()) / 1000),
    },
  );
  res.writeHead(302, {
    location: safeLocalPath(url.searchParams.get('return_to')),
    'set-cookie': cookie,
    ...REDIRECT_SECURITY_HEADERS,
  });
  res.end();
  return true;
}
