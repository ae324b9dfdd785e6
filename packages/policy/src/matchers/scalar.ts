import { IssueError } from '../errors.ts';

/** A matcher operand: strings as written; numbers (YAML `user: 12345`) as their decimal text. */
export function operand(value: unknown, subPath: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new IssueError(`expected a string, got ${describe(value)}`, subPath);
}

export function operandList(value: unknown, subPath: string): string[] {
  if (!Array.isArray(value)) {
    throw new IssueError(`expected a list of strings, got ${describe(value)}`, subPath);
  }
  return value.map((item, i) => operand(item, `${subPath}[${i}]`));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return `number ${String(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
