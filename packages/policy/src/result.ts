import type { PolicyReason } from './reasons.ts';

/** A criterion's verdict with its stable reason codes (`email-ok`, `mcp-tool-no-match`, …). */
export interface CriterionResult {
  readonly value: boolean;
  readonly reasons: readonly string[];
}

/** The verdict of all `allow` (or all `deny`) rules of a policy, combined with OR. */
export type RuleResult = CriterionResult;

/**
 * - `allow`: let the request through;
 * - `deny`: refuse (403, or a JSON-RPC error on MCP routes);
 * - `login`: the caller is not signed in and a criterion needed a session: ask them to sign in
 *   (redirect for browsers, 401 + WWW-Authenticate for MCP clients) instead of refusing.
 */
export type Outcome = 'allow' | 'deny' | 'login';

/** One criterion's evaluation, in policy order: the explain trace. */
export interface TraceEntry {
  /** Where it stands in the policy, e.g. `policy[1].deny.and[0].mcp_tool`. */
  readonly path: string;
  readonly criterion: string;
  readonly value: boolean;
  readonly reasons: readonly string[];
}

export interface Decision {
  readonly outcome: Outcome;
  readonly allow: RuleResult;
  readonly deny: RuleResult;
  /** Why: the deny reasons when denied by a deny rule, the allow reasons otherwise. */
  readonly reasons: readonly string[];
  readonly trace: readonly TraceEntry[];
}

/** The reason code that turns a decision into `login`. */
export const UNAUTHENTICATED: PolicyReason = 'user-unauthenticated';
