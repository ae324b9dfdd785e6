import { IssueError } from '../errors.ts';
import { describe, isPlainObject, operand, operandList } from './scalar.ts';

export type StringMatch = (value: string) => boolean;

const OPERATORS = ['is', 'not', 'contains', 'starts_with', 'ends_with', 'in', 'not_in'] as const;

/**
 * PPL string matcher: `is`, `not`, `contains`, `starts_with`, `ends_with`, `in`, `not_in`.
 * A bare scalar means `is`; several operators in one object must all match.
 */
export function compileStringMatcher(data: unknown): StringMatch {
  if (typeof data === 'string' || typeof data === 'number') {
    const expected = operand(data, '');
    return (value) => value === expected;
  }
  if (Array.isArray(data)) {
    throw new IssueError(
      'a list needs an operator: write { in: [...] } to match any of several values',
    );
  }
  if (!isPlainObject(data)) {
    throw new IssueError(
      `expected a string or an object of operators (${OPERATORS.join(', ')}), got ${describe(data)}`,
    );
  }
  const checks: StringMatch[] = [];
  for (const [op, operandValue] of Object.entries(data)) {
    checks.push(compileOperator(op, operandValue));
  }
  if (checks.length === 0)
    throw new IssueError(`no operator given (use one of ${OPERATORS.join(', ')})`);
  const [only] = checks;
  if (checks.length === 1 && only !== undefined) return only;
  return (value) => checks.every((check) => check(value));
}

function compileOperator(op: string, data: unknown): StringMatch {
  switch (op) {
    case 'is': {
      const s = operand(data, op);
      return (v) => v === s;
    }
    case 'not': {
      const s = operand(data, op);
      return (v) => v !== s;
    }
    case 'contains': {
      const s = operand(data, op);
      return (v) => v.includes(s);
    }
    case 'starts_with': {
      const s = operand(data, op);
      return (v) => v.startsWith(s);
    }
    case 'ends_with': {
      const s = operand(data, op);
      return (v) => v.endsWith(s);
    }
    case 'in': {
      const set = new Set(operandList(data, op));
      return (v) => set.has(v);
    }
    case 'not_in': {
      const set = new Set(operandList(data, op));
      return (v) => !set.has(v);
    }
    default:
      throw new IssueError(`unknown operator "${op}" (expected one of ${OPERATORS.join(', ')})`);
  }
}
