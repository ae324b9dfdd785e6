import type { CookieContext } from '../context.ts';
import { SIGN_IN, type CookieRefusal } from '../refusal.ts';

/** A `login` decision (the policy needs a signed-in user, there is none) sends to sign-in. */
export function signedIn(ctx: CookieContext): CookieRefusal | undefined {
  return ctx.decision?.outcome === 'login' ? SIGN_IN : undefined;
}
