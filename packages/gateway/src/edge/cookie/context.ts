import type { IncomingMessage } from 'node:http';
import type { Clock, SessionRecord } from '@gatehouse/core';
import type { Decision } from '@gatehouse/policy';
import type { GatewayConfig } from '../../config/index.ts';
import type { Proxy } from '../../proxy/index.ts';
import type { SessionManager } from '../../session/sessions.ts';
import type { DecisionLog } from '../decision-log.ts';
import type { TargetBuilder } from '../proxy-target.ts';
import type { Prepared } from '../types.ts';
import type { UpstreamErrorAnswer } from '../upstream-error-answer.ts';
import type { CookieRefusal } from './refusal.ts';

/** What a browser (cookie) route needs; built once per edge. */
export interface CookieRouteDeps {
  readonly config: () => GatewayConfig;
  readonly sessions: SessionManager;
  readonly clock: Clock;
  readonly proxy: Proxy;
  readonly log: DecisionLog;
  readonly target: TargetBuilder;
  readonly upstreamError: UpstreamErrorAnswer;
}

/** One request on a browser route on its way through the steps (created once per request). */
export interface CookieContext {
  readonly deps: CookieRouteDeps;
  readonly req: IncomingMessage;
  readonly prepared: Prepared;
  /** Set by the session step: the signed-in session this host's cookie names, if any. */
  session: SessionRecord | undefined;
  /** Set by the policy step. */
  decision: Decision | undefined;
}

/** One rule of a browser route: `undefined` continues, a refusal stops the request. */
export type CookieStep = (
  ctx: CookieContext,
) => CookieRefusal | undefined | Promise<CookieRefusal | undefined>;

/** The log line's user: the session's e-mail, or its user id. */
export const userOf = (session: SessionRecord | undefined): string | null =>
  session === undefined ? null : (session.email ?? session.userId);
