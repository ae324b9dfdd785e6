import type { Context } from 'hono';
import type { SessionRecord } from '@gatehouse/core';
import type { SafeHtml } from '../pages/index.ts';
import { SESSION_COOKIE, type AuthContext } from './context.ts';
import { authCookieSecure } from './complete.ts';
import { csrfFor, formField } from './forms.ts';
import { page, redirect } from './respond.ts';
import { accountPage, signedOutPage, type AccountClient } from '../pages/index.ts';
import { CONSENT_KIND, consentKey } from '../oauth/consent/remembered.ts';
import { serializeCookie } from '../session/cookies.ts';
import type { AuthEnv } from './env.ts';
import { currentSession, signedInOrRedirect } from './signed-in.ts';

const htmlOf = (r: string | { html: string }) => (typeof r === 'string' ? r : r.html);

export async function getAccount(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  /** Extra section (the SSH tunnel's), rendered after the rest. */
  section?: (session: SessionRecord, csrfToken: string) => Promise<SafeHtml>,
): Promise<Response> {
  const signedIn = await signedInOrRedirect(c, ctx, '/account');
  if ('response' in signedIn) return signedIn.response;
  const { session } = signedIn;
  const all = await ctx.sessions.listFor(session.userId);
  const csrfToken = csrfFor(c, ctx);
  const rendered = accountPage({
    user: { email: session.email, name: session.name, groups: session.groups, idp: session.idp },
    sessions: all.map((s) => ({
      current: s.id === session.id,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      ip: s.ip,
      userAgent: s.userAgent,
      handle: ctx.sessions.handleOf(s.id),
    })),
    clients: await connectedClients(ctx, session.userId),
    csrfToken,
    ...(section === undefined ? {} : { sections: [await section(session, csrfToken)] }),
  });
  return page(c, { status: 200, html: htmlOf(rendered) });
}

export async function postRevoke(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  form: Record<string, unknown>,
): Promise<Response> {
  const signedIn = await signedInOrRedirect(c, ctx, '/account');
  if ('response' in signedIn) return signedIn.response;
  const { session } = signedIn;
  const handle = formField(form, 'handle');
  const target = (await ctx.sessions.listFor(session.userId)).find(
    (s) => ctx.sessions.handleOf(s.id) === handle,
  );
  if (target !== undefined) await ctx.sessions.end(target.id);
  if (target?.id === session.id) return signedOut(c, ctx);
  return redirect(c, `${ctx.config().authenticateServiceUrl}/account`);
}

function signedOut(c: Context<AuthEnv>, ctx: AuthContext): Response {
  c.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, '', { secure: authCookieSecure(ctx), maxAge: 0 }),
    { append: true },
  );
  return page(c, { status: 200, html: htmlOf(signedOutPage()) });
}

export async function postSignOut(c: Context<AuthEnv>, ctx: AuthContext): Promise<Response> {
  const session = await currentSession(c, ctx);
  if (session !== undefined) await ctx.sessions.end(session.id);
  return signedOut(c, ctx);
}

/** The user's OAuth grants, one row per MCP client (with its registered name when we have it). */
async function connectedClients(ctx: AuthContext, accountId: string): Promise<AccountClient[]> {
  const out: AccountClient[] = [];
  // Refresh tokens rotate on every refresh: the newest one's `iat` is the client's last use.
  const lastUse = new Map<string, number>();
  for (const token of await ctx.store.oauth.listByAccount('RefreshToken', accountId)) {
    const { grantId, iat } = token;
    if (typeof grantId === 'string' && typeof iat === 'number')
      lastUse.set(grantId, Math.max(lastUse.get(grantId) ?? 0, iat * 1000));
  }
  for (const grant of await ctx.store.oauth.listByAccount('Grant', accountId)) {
    const grantId = grant['jti'];
    const clientId = grant['clientId'];
    if (typeof grantId !== 'string' || typeof clientId !== 'string') continue;
    const client = await ctx.store.oauth.find('Client', clientId);
    const name = client?.['client_name'];
    const iat = grant['iat'];
    out.push({
      grantId,
      clientId,
      clientName: typeof name === 'string' ? name : null,
      grantedAt: typeof iat === 'number' ? iat * 1000 : null,
      lastUsedAt: lastUse.get(grantId) ?? (typeof iat === 'number' ? iat * 1000 : null),
    });
  }
  // Sorted by name (then newest first), so one client's grants stand together and a list of
  // look-alikes is easy to see through.
  return out.sort(
    (a, b) =>
      (a.clientName ?? a.clientId).localeCompare(b.clientName ?? b.clientId) ||
      (b.grantedAt ?? 0) - (a.grantedAt ?? 0),
  );
}

/** `POST /account/clients/revoke`: ends an MCP client's access (its grant and remembered consent). */
export async function postRevokeClient(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  form: Record<string, unknown>,
): Promise<Response> {
  const signedIn = await signedInOrRedirect(c, ctx, '/account');
  if ('response' in signedIn) return signedIn.response;
  const { session } = signedIn;
  const grantId = formField(form, 'grant');
  const grant = (await ctx.store.oauth.listByAccount('Grant', session.userId)).find(
    (g) => g['jti'] === grantId,
  );
  if (grant !== undefined) {
    await ctx.store.oauth.revokeByGrantId(grantId);
    const clientId = grant['clientId'];
    if (typeof clientId === 'string')
      await ctx.store.records.delete(CONSENT_KIND, consentKey(session.userId, clientId));
    ctx.logger.info(
      {
        event: 'oauth-client-revoked',
        user: session.email ?? session.userId,
        client: grant['clientId'],
      },
      'MCP client access revoked',
    );
  }
  return redirect(c, `${ctx.config().authenticateServiceUrl}/account`);
}
