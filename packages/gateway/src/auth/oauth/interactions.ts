import type { Context } from 'hono';
import type { AuthContext } from '../context.ts';
import { currentSession } from '../account.ts';
import { csrfFor } from '../forms.ts';
import { page, redirect } from '../respond.ts';
import { requestMeta } from '../../edge/request-meta.ts';
import { consentPage, messagePage } from '../../pages/index.ts';
import type { AuthEnv } from '../env.ts';

/** Remembered consent per (user, client): the issue asks for it, and re-asking trains users to click Allow. */
export const CONSENT_KIND = 'oauth-consent';
export const consentKey = (accountId: string, clientId: string): string =>
  `${accountId}\n${clientId}`;

function expired(c: Context<AuthEnv>): Response {
  const { requestId } = requestMeta(c.env.incoming);
  return page(
    c,
    messagePage({
      status: 400,
      title: 'Sign-in request expired',
      message:
        'This authorization request has expired or was already answered. Go back to your MCP client and connect again.',
      requestId,
    }),
  );
}

/**
 * `GET /oauth/interaction/:uid`: the authorization server asks who the user is (login) and
 * whether they allow the client (consent). Login is the gateway's own sign-in: the browser's
 * auth-host session, or the sign-in page first.
 */
export async function getInteraction(c: Context<AuthEnv>, ctx: AuthContext): Promise<Response> {
  const as = ctx.authorizationServer();
  if (as === undefined) return expired(c);
  let details;
  try {
    details = await as.interaction(c.env.incoming, c.env.outgoing);
  } catch {
    return expired(c);
  }
  const session = await currentSession(c, ctx);
  const here = `${ctx.config().authenticateServiceUrl}/oauth/interaction/${encodeURIComponent(details.uid)}`;
  if (session === undefined) {
    const signIn = new URL('/signin', ctx.config().authenticateServiceUrl);
    signIn.searchParams.set('return_to', here);
    return redirect(c, signIn.href);
  }
  if (details.prompt === 'login') {
    return redirect(c, await as.loginResult(c.env.incoming, c.env.outgoing, session.userId));
  }
  const remembered = await ctx.store.records.get(
    CONSENT_KIND,
    consentKey(session.userId, details.client.clientId),
    ctx.clock.now(),
  );
  if (remembered !== undefined && details.accountId === session.userId) {
    return redirect(c, await as.consentResult(c.env.incoming, c.env.outgoing));
  }
  return page(
    c,
    consentPage({
      uid: details.uid,
      csrfToken: csrfFor(c, ctx),
      userEmail: session.email,
      clientName: details.client.clientName,
      clientId: details.client.clientId,
      redirectUri: details.client.redirectUri,
      resource: details.resource,
      scopes: details.scopes,
    }),
  );
}

/** `POST /oauth/interaction/:uid/confirm|deny` (CSRF-checked by the form wrapper). */
export async function postInteraction(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  approve: boolean,
): Promise<Response> {
  const as = ctx.authorizationServer();
  const session = await currentSession(c, ctx);
  if (as === undefined || session === undefined) return expired(c);
  let details;
  try {
    details = await as.interaction(c.env.incoming, c.env.outgoing);
  } catch {
    return expired(c);
  }
  if (details.prompt !== 'consent' || details.accountId !== session.userId) return expired(c);
  const { requestId } = requestMeta(c.env.incoming);
  if (!approve) {
    ctx.logger.info(
      {
        requestId,
        event: 'oauth-consent',
        user: session.email ?? session.userId,
        client: details.client.clientId,
        outcome: 'deny',
      },
      'consent denied',
    );
    return redirect(c, await as.denyResult(c.env.incoming, c.env.outgoing));
  }
  await ctx.store.records.put(
    CONSENT_KIND,
    consentKey(session.userId, details.client.clientId),
    { at: ctx.clock.now() },
    null,
  );
  ctx.logger.info(
    {
      requestId,
      event: 'oauth-consent',
      user: session.email ?? session.userId,
      client: details.client.clientId,
      outcome: 'allow',
    },
    'consent given',
  );
  return redirect(c, await as.consentResult(c.env.incoming, c.env.outgoing));
}
