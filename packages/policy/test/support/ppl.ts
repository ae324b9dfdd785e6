import { expect } from 'vitest';
import {
  compilePolicy,
  evaluate,
  PolicyCompileError,
  type CriterionResult,
  type Decision,
  type HttpInput,
  type PolicyInput,
  type PolicyIssue,
  type UserInput,
} from '../../src/index.ts';

/** Wednesday 4 March 2026, 10:00 UTC: the clock of every test that does not set its own. */
export const NOW = new Date('2026-03-04T10:00:00Z');

export const ALICE: UserInput = {
  id: 'u-alice',
  email: 'alice@example.com',
  groups: ['admin', 'dev'],
  claims: { groups: ['admin'], department: 'eng' },
};

/** A request from nobody in particular: no session, no HTTP, no MCP, no SSH. */
export function anonymous(extra: Partial<PolicyInput> = {}): PolicyInput {
  return { now: NOW, ...extra };
}

/** A request with a session for `user`. */
export function signedIn(user: UserInput = ALICE, extra: Partial<PolicyInput> = {}): PolicyInput {
  return { session: { id: 'session-1' }, user, now: NOW, ...extra };
}

export function http(overrides: Partial<HttpInput> = {}): HttpInput {
  return {
    method: 'GET',
    host: 'app.example.com',
    path: '/',
    ip: '203.0.113.7',
    headers: {},
    ...overrides,
  };
}

/** Compiles a policy document and evaluates it for one input. */
export function decide(policy: unknown, input: PolicyInput): Decision {
  return evaluate(compilePolicy(policy), input);
}

/**
 * One criterion's own verdict, read from the trace of a policy that holds only it
 * (`allow: { and: [ { <key>: <data> } ] }`).
 */
export function judge(key: string, data: unknown, input: PolicyInput): CriterionResult {
  const { trace } = decide({ allow: { and: [{ [key]: data }] } }, input);
  expect(trace).toHaveLength(1);
  const [entry] = trace;
  if (entry === undefined) throw new Error('no trace entry');
  return { value: entry.value, reasons: entry.reasons };
}

/** The issues of a policy that must not compile. */
export function compileIssues(policy: unknown): readonly PolicyIssue[] {
  let error: unknown;
  try {
    compilePolicy(policy);
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(PolicyCompileError);
  return (error as PolicyCompileError).issues;
}

/** The only issue of a policy that must not compile. */
export function compileIssue(policy: unknown): PolicyIssue {
  const issues = compileIssues(policy);
  expect(issues).toHaveLength(1);
  return issues[0] as PolicyIssue;
}
