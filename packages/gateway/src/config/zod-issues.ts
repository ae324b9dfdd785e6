import type { z } from 'zod';
import { type ConfigIssue, formatPath, isSensitivePath } from './errors.ts';
import { knownKeysAt, suggestKey } from './known-keys.ts';

type Issue = z.core.$ZodIssue;

/**
 * Turns zod's issues into config issues a person can act on: unknown keys by name (with a
 * "did you mean"), a missing key as "required", and never a value of a secret-like key.
 */
export function configIssues(
  issues: readonly Issue[],
  input: unknown,
  schema: z.ZodType,
  position: (path: readonly PropertyKey[]) => number = () => 0,
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  // Report in the order a reader meets the problems in the file, not in schema order.
  const ordered = issues
    .map((issue, i) => {
      const path =
        issue.code === 'unrecognized_keys'
          ? [...issue.path, ...issue.keys.slice(0, 1)]
          : issue.path;
      return { issue, i, at: position(path) };
    })
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map(({ issue }) => issue);
  for (const issue of ordered) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const hint = suggestKey(key, known);
        const message = `unknown key "${key}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`;
        out.push({ path: formatPath(issue.path), message });
      }
      continue;
    }
    out.push({ path: formatPath(issue.path), message: describeIssue(issue, input) });
  }
  return out;
}

function describeIssue(issue: Issue, input: unknown): string {
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? 'required' : `expected ${issue.expected}, got ${typeOf(value)}`;
    case 'invalid_union': {
      if ('options' in issue && Array.isArray(issue.options)) {
        return `expected one of ${issue.options.map(String).join(', ')}${got(issue, value)}`;
      }
      const expected = issue.errors.flatMap((branch) =>
        branch.flatMap((i) =>
          i.code === 'invalid_type' && i.path.length === 0 ? [i.expected] : [],
        ),
      );
      if (expected.length === issue.errors.length && expected.length > 0) {
        return `expected ${expected.join(' or ')}, got ${typeOf(value)}`;
      }
      return 'matches none of the accepted forms';
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got(issue, value)}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'not a URL' : `not a valid ${issue.format}`;
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1
        ? 'must not be empty'
        : issue.origin === 'array'
          ? `needs at least ${issue.minimum} item(s)`
          : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `allows at most ${issue.maximum} item(s)`
        : `must be at most ${issue.maximum}`;
    default:
      // Custom messages quote the value they reject: a secret's value must not be repeated,
      // nor a password written into a URL (`http://user:pass@host`).
      return isSensitivePath(issue.path)
        ? 'invalid value (not shown)'
        : issue.message.replace(/\/\/[^/@\s"]*@/g, '//***@');
  }
}

function got(issue: Issue, value: unknown): string {
  if (isSensitivePath(issue.path)) return '';
  return typeof value === 'string' ? `, got ${JSON.stringify(value)}` : `, got ${typeOf(value)}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const part of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}
