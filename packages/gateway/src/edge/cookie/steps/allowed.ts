import type { CookieContext } from '../context.ts';
import { FORBIDDEN, type CookieRefusal } from '../refusal.ts';

/** Only an `allow` reaches the upstream (fail closed: a missing decision is a denial). */
export function allowed(ctx: CookieContext): CookieRefusal | undefined {
  return ctx.decision?.outcome === 'allow' ? undefined : FORBIDDEN;
}
