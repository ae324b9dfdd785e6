import { IssueError } from '../errors.ts';
import { describe, isPlainObject, operand } from './scalar.ts';

export type StringListMatch = (values: readonly string[]) => boolean;

const OPERATORS = ['has', 'is', 'exclude'] as const;

/**
 * PPL string-list matcher (groups, claims): `has` (some element equals), `is` (exactly one
 * element, equal), `exclude` (no element equals). A bare scalar means `has`; several operators
 * in one object must all match.
 */
export function compileStringListMatcher(data: unknown): StringListMatch {
  if (typeof data === 'string' || typeof data === 'number' || typeof data === 'boolean') {
    const expected = listOperand(data, '');
    return (values) => values.includes(expected);
  }
  if (!isPlainObject(data)) {
    throw new IssueError(
      `expected a string or an object of operators (${OPERATORS.join(', ')}), got ${describe(data)}`,
    );
  }
  const checks: StringListMatch[] = Object.entries(data).map(([op, value]) => {
    if (!(OPERATORS as readonly string[]).includes(op)) {
      throw new IssueError(`unknown operator "${op}" (expected one of ${OPERATORS.join(', ')})`);
    }
    const s = listOperand(value, op);
    switch (op) {
      case 'has':
        return (values) => values.includes(s);
      case 'is':
        return (values) => values.length === 1 && values[0] === s;
      default: // exclude
        return (values) => !values.includes(s);
    }
  });
  if (checks.length === 0)
    throw new IssueError(`no operator given (use one of ${OPERATORS.join(', ')})`);
  return (values) => checks.every((check) => check(values));
}

/**
 * Claims carry booleans (`email_verified: true`), which the claim criterion compares as text;
 * Pomerium accepts `claim/email_verified: true`, so a boolean operand is its text too.
 */
function listOperand(value: unknown, subPath: string): string {
  return typeof value === 'boolean' ? String(value) : operand(value, subPath);
}
