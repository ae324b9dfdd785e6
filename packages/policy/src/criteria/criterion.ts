import type { PolicyInput } from '../input.ts';
import type { PolicyReason } from '../reasons.ts';
import type { CriterionResult } from '../result.ts';

/** A compiled criterion: pure, total (never throws), allocation-free where it can be. */
export type Evaluator = (input: PolicyInput) => CriterionResult;

/** One PPL criterion. Its `compile` throws IssueError for bad data; nothing throws later. */
export interface Criterion {
  readonly name: string;
  /** `required` for criteria written `name/<path>` (claim); others take no sub-path. */
  readonly subPath?: 'required';
  compile(data: unknown, subPath: string | undefined): Evaluator;
}

/** A frozen, shared result: criteria return one of a few constants, so evaluation allocates little. */
export function result(value: boolean, ...reasons: PolicyReason[]): CriterionResult {
  return Object.freeze({ value, reasons: Object.freeze(reasons) });
}

/** The answer of every session-based criterion when there is no session: turns into a login. */
export const UNAUTHENTICATED_RESULT = result(false, 'user-unauthenticated');

/**
 * Pomerium (criteria.go NewCriterionSessionRule): `user-unauthenticated` only when there is no
 * session. A session without a user record fails the criterion with its own reason instead, so
 * it is a 403 and not a sign-in prompt that would come straight back here.
 */
export function signedIn(input: PolicyInput): boolean {
  return input.session !== undefined;
}
