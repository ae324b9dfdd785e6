import type { Context } from 'hono';
import { isGatehouseError, type SessionRecord, type SshIdentity } from '@gatehouse/core';
import type { AuthContext } from '../../authenticate/context.ts';
import type { AuthEnv } from '../../authenticate/env.ts';
import { signedInOrRedirect } from '../../authenticate/signed-in.ts';
import { formField } from '../../authenticate/forms.ts';
import type { TunnelService } from '../service.ts';
import { message, toAccount } from './respond.ts';

type Action = (
  c: Context<AuthEnv>,
  ctx: AuthContext,
  form: Record<string, unknown>,
  tunnel: TunnelService,
  session: SessionRecord,
) => Promise<Response>;

/** Account-page actions need the signed-in user; every one ends back on the account page. */
export function signedIn(action: Action, tunnel: TunnelService) {
  return async (c: Context<AuthEnv>, ctx: AuthContext, form: Record<string, unknown>) => {
    const signedIn = await signedInOrRedirect(c, ctx, '/account');
    if ('response' in signedIn) return signedIn.response;
    return action(c, ctx, form, tunnel, signedIn.session);
  };
}

async function identityOf(
  tunnel: TunnelService,
  session: SessionRecord,
): Promise<SshIdentity | undefined> {
  const namespace = await tunnel.store.tunnels.namespaceOf(session.userId);
  return namespace === undefined
    ? undefined
    : { userId: session.userId, email: session.email, namespace };
}

/** `POST /account/ssh-keys/revoke`: forget one of the user's keys and close its SSH connections. */
export const revokeKey: Action = async (c, ctx, form, tunnel, session) => {
  const fingerprint = formField(form, 'fingerprint');
  const owned = (await tunnel.store.tunnels.listBindings(session.userId, ctx.clock.now())).some(
    (b) => b.fingerprint === fingerprint,
  );
  if (owned) {
    await tunnel.store.tunnels.deleteBinding(fingerprint);
    tunnel.status?.disconnectKey(fingerprint);
    tunnel.logger.info(
      { event: 'ssh-key-revoked', user: session.email ?? session.userId, fingerprint },
      'SSH key binding revoked',
    );
  }
  return toAccount(c, ctx);
};

/** `POST /account/tunnel-shares/add`. */
export const addShare: Action = async (c, ctx, form, tunnel, session) => {
  const identity = await identityOf(tunnel, session);
  if (identity === undefined) return toAccount(c, ctx);
  try {
    await tunnel.accounts.share(identity, formField(form, 'route'), formField(form, 'email'));
  } catch (error) {
    if (!isGatehouseError(error) || !error.code.startsWith('ERR_TUNNEL_')) throw error;
    return message(c, 400, 'Cannot share', error.message);
  }
  return toAccount(c, ctx);
};

/** `POST /account/tunnel-shares/remove`. */
export const removeShare: Action = async (c, ctx, form, tunnel, session) => {
  const identity = await identityOf(tunnel, session);
  if (identity !== undefined)
    await tunnel.accounts.unshare(identity, formField(form, 'route'), formField(form, 'email'));
  return toAccount(c, ctx);
};
