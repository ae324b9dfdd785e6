import type { Context } from 'hono';
import type { AuthContext } from '../../authenticate/context.ts';
import type { AuthEnv } from '../../authenticate/env.ts';
import { signedInOrRedirect } from '../../authenticate/signed-in.ts';
import { csrfFor, formField } from '../../authenticate/forms.ts';
import { page } from '../../authenticate/respond.ts';
import { sshVerifyPage } from '../../pages/index.ts';
import type { TunnelService } from '../service.ts';
import { pendingSignIn, settleSignIn } from '../settle.ts';
import { normalizeUserCode } from '../user-code.ts';
import { message } from './respond.ts';

export const VERIFY_PATH = '/ssh/verify';

const verifyPath = (code: string): string =>
  `${VERIFY_PATH}?${new URLSearchParams({ user_code: code }).toString()}`;

/** Unknown, expired, used or cancelled codes look the same: the attempt is over (410 Gone). */
function gone(c: Context<AuthEnv>): Response {
  return message(
    c,
    410,
    'Sign-in code expired',
    'This SSH sign-in code is unknown, has expired or was already used. Run the ssh command again to get a new one.',
  );
}

/** `GET /ssh/verify?user_code=…`: the approval page, behind sign-in. */
export async function getVerify(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  tunnel: TunnelService,
): Promise<Response> {
  const raw = c.req.query('user_code') ?? '';
  const signedIn = await signedInOrRedirect(c, ctx, verifyPath(raw));
  if ('response' in signedIn) return signedIn.response;
  const { session } = signedIn;
  const code = normalizeUserCode(raw);
  const pending = code === undefined ? undefined : await pendingSignIn(tunnel.settle, code);
  if (code === undefined || pending === undefined) return gone(c);
  return page(
    c,
    sshVerifyPage({
      userCode: code,
      csrfToken: csrfFor(c, ctx),
      userEmail: session.email,
      fingerprint: pending.fingerprint,
      clientIp: pending.clientIp,
      issuedAt: pending.issuedAt,
      expiresAt: pending.expiresAt,
      now: ctx.clock.now(),
    }),
  );
}

/** `POST /ssh/verify` (CSRF-checked by the auth app's form wrapper): Authorize or Deny. */
export async function postVerify(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  form: Record<string, unknown>,
  tunnel: TunnelService,
): Promise<Response> {
  const raw = formField(form, 'user_code');
  const signedIn = await signedInOrRedirect(c, ctx, verifyPath(raw));
  if ('response' in signedIn) return signedIn.response;
  const { session } = signedIn;
  const decision = formField(form, 'decision');
  if (decision !== 'authorize' && decision !== 'deny') {
    return message(c, 400, 'Choose an answer', 'Use the Authorize or Deny button on the page.');
  }
  const code = normalizeUserCode(raw);
  const result =
    code === undefined
      ? undefined
      : await settleSignIn(
          tunnel.settle,
          code,
          session,
          decision === 'deny'
            ? { decision }
            : { decision, remember: formField(form, 'remember') === '1' },
        );
  if (result === undefined) return gone(c);
  if (!result.approved) {
    return message(
      c,
      200,
      'SSH sign-in denied',
      'The SSH client was told that you denied the sign-in. Nothing was bound to your account.',
    );
  }
  const url = tunnel.accounts.publicUrl(result.identity, 'mcp');
  return message(
    c,
    200,
    'SSH sign-in authorized',
    `Your terminal goes on by itself: you can close this page. Your default tunnel route is ${url}.`,
  );
}
