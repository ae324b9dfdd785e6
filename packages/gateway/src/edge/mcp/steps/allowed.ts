import type { McpContext } from '../context.ts';
import { POLICY_REFUSED, type McpRefusal } from '../refusal.ts';

/** Only an `allow` reaches the upstream; anything else is refused without contacting it (I1). */
export function allowed(ctx: McpContext): McpRefusal | undefined {
  return ctx.decision?.outcome === 'allow' ? undefined : POLICY_REFUSED;
}
