import type { Context, Hono } from 'hono';
import type { SessionRecord } from '@gatehouse/core';
import type { AuthContext } from '../../authenticate/context.ts';
import type { AuthEnv } from '../../authenticate/env.ts';
import type { SafeHtml } from '../../pages/index.ts';
import type { TunnelService } from '../service.ts';
import { addShare, removeShare, revokeKey, signedIn } from './account-actions.ts';
import { tunnelAccountSection } from './account-section.ts';
import { getVerify, postVerify, VERIFY_PATH } from './verify.ts';

type FormHandler = (
  c: Context<AuthEnv>,
  ctx: AuthContext,
  form: Record<string, unknown>,
) => Promise<Response>;
/** The auth app's `form()` wrapper (size limit, parsing, CSRF and origin checks). */
export type FormWrap = (handler: FormHandler) => (c: Context<AuthEnv>) => Promise<Response>;

/** The tunnel's pages on the auth host: `/ssh/verify` and the account page's tunnel actions. */
export function registerTunnelPages(
  app: Hono<AuthEnv>,
  ctx: AuthContext,
  tunnel: TunnelService,
  form: FormWrap,
): void {
  app.get(VERIFY_PATH, (c) => getVerify(c, ctx, tunnel));
  app.post(
    VERIFY_PATH,
    form((c, context, body) => postVerify(c, context, body, tunnel)),
  );
  app.post('/account/ssh-keys/revoke', form(signedIn(revokeKey, tunnel)));
  app.post('/account/tunnel-shares/add', form(signedIn(addShare, tunnel)));
  app.post('/account/tunnel-shares/remove', form(signedIn(removeShare, tunnel)));
}

/** The account page's extra section for the signed-in user. */
export function accountSectionFor(
  tunnel: TunnelService,
  ctx: AuthContext,
): (session: SessionRecord, csrfToken: string) => Promise<SafeHtml> {
  return (session, csrfToken) => tunnelAccountSection(tunnel, session, csrfToken, ctx.clock.now());
}
