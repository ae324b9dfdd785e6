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

type Outcome = CookieRefusal | undefined;

/**
 * The steps from `from` on. Synchronous while every step is (the signed-in GET whose session
 * the cache holds): no promise per request on the hot path (issue 18); from the first step that
 * answers with a promise on, the rest run after it.
 */
function runSteps(ctx: CookieContext, from = 0): Outcome | Promise<Outcome> {
  for (let i = from; i < COOKIE_STEPS.length; i++) {
    const step = COOKIE_STEPS[i];
    if (step === undefined) break;
    const outcome = step(ctx);
    if (outcome instanceof Promise)
      return outcome.then((refusal) => refusal ?? runSteps(ctx, i + 1));
    if (outcome !== undefined) return outcome;
  }
  return undefined;
}

const contextOf = (
  deps: CookieRouteDeps,
  prepared: Prepared,
  req: IncomingMessage,
): CookieContext => ({ deps, req, prepared, session: undefined, decision: undefined });

/**
 * A request on a browser route: session cookie → policy → sign-in / forbidden / proxy.
 * Returns a promise only when a step had to wait (a session not in the cache).
 */
export function handleCookieRoute(
  deps: CookieRouteDeps,
  prepared: Prepared,
  req: IncomingMessage,
  res: ServerResponse,
): void | Promise<void> {
  const ctx = contextOf(deps, prepared, req);
  const refusal = runSteps(ctx);
  if (refusal instanceof Promise) return refusal.then((r) => answerCookieRoute(ctx, r, res));
  answerCookieRoute(ctx, refusal, res);
}

function answerCookieRoute(
  ctx: CookieContext,
  refusal: CookieRefusal | undefined,
  res: ServerResponse,
): void {
  if (refusal !== undefined) {
    writeCookieRefusal(ctx, refusal, res);
    return;
  }
  const { deps, prepared } = ctx;
  const subject = subjectOf(ctx);
  const target = deps.target(prepared, subject, identityOf(ctx.session), (error, r) =>
    deps.upstreamError(prepared, subject, error, r),
  );
  deps.proxy.forward(ctx.req, res, target);
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
  const target = deps.target(prepared, subject, identityOf(ctx.session), (error) => {
    deps.upstreamError(prepared, subject, error, null);
    socket.destroy();
  });
  deps.proxy.upgrade(req, socket, head, target);
}
