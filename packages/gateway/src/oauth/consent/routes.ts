import type { Identity } from '@gatehouse/core';
import type { Context } from 'hono';
import type { AuthContext } from '../../authenticate/context.ts';
import { currentSession, signedInOrRedirect } from '../../authenticate/signed-in.ts';
import { csrfFor } from '../../authenticate/forms.ts';
import { page, redirect } from '../../authenticate/respond.ts';
import { requestMeta } from '../../edge/request-meta.ts';
import { consentPage, messagePage } from '../../pages/index.ts';
import type { AuthEnv } from '../../authenticate/env.ts';
import { routeRefusesUser } from './route-access.ts';
import { consentCovers, rememberConsent } from './remembered.ts';

/**
 * The route behind a requested resource can never let this user in: say so instead of asking
 * for consent, and issue nothing (a token would only be refused on every call).
 */
async function refusedByRoute(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  session: Pick<Identity, 'userId' | 'email' | 'groups'>,
  resources: readonly string[],
  clientId: string,
): Promise<Response | undefined> {
  for (const resource of resources) {
    const route = await ctx.routeForResource(resource);
    if (route === undefined || !routeRefusesUser(route, session, ctx.clock.now())) continue;
    return refusalPage(c, ctx, session, resource, route.id, clientId);
  }
  return undefined;
}

function refusalPage(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  session: Pick<Identity, 'userId' | 'email'>,
  resource: string,
  routeId: string,
  clientId: string,
): Response {
  const { requestId } = requestMeta(c.env.incoming);
  const who = session.email ?? session.userId;
  ctx.logger.info(
    {
      requestId,
      event: 'oauth-consent',
      user: who,
      client: clientId,
      outcome: 'refused-by-policy',
      route: routeId,
    },
    'authorization refused: the route never allows this user',
  );
  return page(
    c,
    messagePage({
      status: 403,
      title: 'Not allowed',
      message:
        `${who} may not use ${resource}. Ask whoever runs it to let you in (the owner of a ` +
        `tunnel can run: ssh … share add ${who}), or sign out and sign in as someone else.`,
      requestId,
    }),
  );
}

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
  const signedIn = await signedInOrRedirect(
    c,
    ctx,
    `/oauth/interaction/${encodeURIComponent(details.uid)}`,
  );
  if ('response' in signedIn) return signedIn.response;
  const { session } = signedIn;
  if (details.prompt === 'login') {
    return redirect(c, await as.loginResult(c.env.incoming, c.env.outgoing, session.userId));
  }
  const refused = await refusedByRoute(c, ctx, session, details.resources, details.client.clientId);
  if (refused !== undefined) return refused;
  const remembered = await consentCovers(
    ctx.store.records,
    session.userId,
    details.client.clientId,
    details.resources,
    ctx.clock.now(),
  );
  if (remembered && details.accountId === session.userId) {
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
      servers: await Promise.all(
        details.resources.map(async (resource) => ({
          resource,
          name: (await ctx.routeForResource(resource))?.id,
        })),
      ),
      ownRedirect: ctx.ownRedirectUris.includes(details.client.redirectUri),
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
  if (approve) {
    const refused = await refusedByRoute(
      c,
      ctx,
      session,
      details.resources,
      details.client.clientId,
    );
    if (refused !== undefined) return refused;
  }
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
  await rememberConsent(
    ctx.store.records,
    session.userId,
    details.client.clientId,
    details.resources,
    ctx.clock.now(),
  );
  ctx.logger.info(
    {
      requestId,
      event: 'oauth-consent',
      user: session.email ?? session.userId,
      client: details.client.clientId,
      resources: details.resources,
      outcome: 'allow',
    },
    'consent given',
  );
  return redirect(c, await as.consentResult(c.env.incoming, c.env.outgoing));
}
