import { decide, policyInput } from '../../decide.ts';
import type { CookieContext } from '../context.ts';

/** The route's policy decides on the request and its session (edge/decide.ts). */
export function policy(ctx: CookieContext): undefined {
  const { prepared, session } = ctx;
  const input = policyInput(
    {
      req: ctx.req,
      host: prepared.host,
      path: prepared.path,
      ip: prepared.ip,
      now: new Date(ctx.deps.clock.now()),
    },
    session === undefined
      ? undefined
      : {
          sessionId: session.id,
          userId: session.userId,
          email: session.email,
          groups: session.groups,
          claims: session.claims,
        },
  );
  ctx.decision = decide(prepared.route, input);
  return undefined;
}
