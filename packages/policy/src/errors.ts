import { GatehouseError } from '@gatehouse/core';

export interface PolicyIssue {
  /** JSON path of the offending value, e.g. `policy[1].deny.and[0].mcp_tool`. */
  readonly path: string;
  readonly message: string;
}

/** A policy that cannot be compiled. Lists every problem found, each with its JSON path. */
export class PolicyCompileError extends GatehouseError {
  readonly issues: readonly PolicyIssue[];

  constructor(issues: readonly PolicyIssue[]) {
    super(
      'ERR_POLICY_INVALID',
      issues.length === 1
        ? `${issues[0]?.path}: ${issues[0]?.message}`
        : `Invalid policy:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
    );
    this.name = 'PolicyCompileError';
    this.issues = issues;
  }
}

/** Policy text that is not valid YAML or JSON. */
export class PolicyParseError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_POLICY_PARSE', message, options);
    this.name = 'PolicyParseError';
  }
}

/**
 * Thrown by a criterion or matcher compiler for a problem at `path` (relative to the criterion's
 * data). The compiler collects them into one PolicyCompileError.
 */
export class IssueError extends Error {
  readonly subPath: string;

  constructor(message: string, subPath = '') {
    super(message);
    this.subPath = subPath;
  }
}

/**
 * Every error code the Pomerium Policy Language engine raises, each with what it means. A test
 * (`packages/core/test/error-registries.test.ts`) fails when a code appears in `src/` without
 * being listed here, so this list is the one place to read them.
 */
export const POLICY_ERRORS = {
  ERR_POLICY_INVALID:
    'A policy that cannot be compiled; the message lists every issue with its JSON path.',
  ERR_POLICY_PARSE: 'Policy text that is not valid YAML or JSON.',
} as const;

export type PolicyErrorCode = keyof typeof POLICY_ERRORS;
