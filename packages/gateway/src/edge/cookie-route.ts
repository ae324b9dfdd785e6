import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SessionRecord } from '@gatehouse/core';
import type { CookieContext, CookieRouteDeps, CookieStep } from './cookie/context.ts';
import type { CookieRefusal } from './cookie/refusal.ts';
import { allowed } from './cookie/steps/allowed.ts';
import { policy } from './cookie/steps/policy.ts';
import { session } from './cookie/steps/session.ts';
import { signedIn } from './cookie/steps/signed-in.ts';
import {
  subjectOf,
  writeCookieRefusal,
  writeCookieUpgradeRefusal,
} from './cookie/write-refusal.ts';
import type { Identity, Prepared } from './types.ts';

export type { CookieRouteDeps } from './cookie/context.ts';

/** A browser route's rules, in order (packages/gateway/README.md "Request path"). */
export const COOKIE_STEPS: readonly CookieStep[] = [session, policy, signedIn, allowed];

const identityOf = (s: SessionRecord | undefined): Identity | undefined =>
  s === undefined
    ? undefined
    : { userId: s.userId, email: s.email, name: s.name, groups: s.groups };

async function runSteps(ctx: CookieContext): Promise<CookieRefusal | undefined> {
  for (const step of COOKIE_STEPS) {
    const outcome = step(ctx);
    // Synchronous steps are not awaited: no promise per step on the hot path.
    const refusal = outcome instanceof Promise ? await outcome : outcome;
    if (refusal !== undefined) return refusal;
  }
  return undefined;
}

const contextOf = (
  deps: CookieRouteDeps,
  prepared: Prepared,
  req: IncomingMessage,
): CookieContext => ({ deps, req, prepared, session: undefined, decision: undefined });

/** A request on a browser route: session cookie → policy → sign-in / forbidden / proxy. */
export async function handleCookieRoute(
  deps: CookieRouteDeps,
  prepared: Prepared,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const ctx = contextOf(deps, prepared, req);
  const refusal = await runSteps(ctx);
  if (refusal !== undefined) {
    writeCookieRefusal(ctx, refusal, res);
    return;
  }
  const subject = subjectOf(ctx);
  const target = await deps.target(prepared, subject, identityOf(ctx.session), (error, r) =>
    deps.upstreamError(prepared, subject, error, r),
  );
  deps.proxy.forward(req, res, target);
}

/** A WebSocket upgrade on a browser route: the same steps, then the proxy's upgrade. */
export async function handleCookieUpgrade(
  deps: CookieRouteDeps,
  prepared: Prepared,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const ctx = contextOf(deps, prepared, req);
  const refusal = await runSteps(ctx);
  if (refusal !== undefined) {
    writeCookieUpgradeRefusal(ctx, refusal, socket);
    return;
  }
  const subject = subjectOf(ctx);
  const target = await deps.target(prepared, subject, identityOf(ctx.session), (error) => {
    deps.upstreamError(prepared, subject, error, null);
    socket.destroy();
  });
  deps.proxy.upgrade(req, socket, head, target);
}
