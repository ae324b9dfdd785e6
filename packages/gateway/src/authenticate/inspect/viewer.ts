import type { Context } from 'hono';
import type { SessionRecord, TrafficViewer } from '@gatehouse/core';
import { currentSession } from '../account.ts';
import type { AuthContext } from '../context.ts';
import type { AuthEnv } from '../env.ts';
import { redirect } from '../respond.ts';

/** Members of this group are admins (the first account gets it); the inspector decides what they see. */
const ADMIN_GROUP = 'admin';

export function viewerOf(session: SessionRecord): TrafficViewer {
  return { accountId: session.userId, admin: session.groups.includes(ADMIN_GROUP) };
}

/** The signed-in user's session, or the redirect to sign in and come back to `path`. */
export async function signedInOrRedirect(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  path: string,
): Promise<{ session: SessionRecord } | { response: Response }> {
  const session = await currentSession(c, ctx);
  if (session !== undefined) return { session };
  const base = ctx.config().authenticateServiceUrl;
  const url = new URL('/signin', base);
  url.searchParams.set('return_to', new URL(path, base).href);
  return { response: redirect(c, url.href) };
}
