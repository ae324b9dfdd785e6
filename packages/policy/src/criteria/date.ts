import { IssueError } from '../errors.ts';
import { describe, isPlainObject } from '../matchers/scalar.ts';
import { result, type Criterion } from './criterion.ts';

const OK = result(true, 'date-ok');
const UNAUTHORIZED = result(false, 'date-unauthorized');
const KEYS = ['after', 'before'];

/**
 * Beyond Pomerium's open core: true between two instants. `after` is inclusive, `before`
 * exclusive; each an ISO 8601 date-time with an offset (`2026-12-01T09:00:00+01:00`) or a date
 * (`2026-12-01`, midnight UTC).
 */
export const date: Criterion = {
  name: 'date',
  compile(data) {
    if (!isPlainObject(data))
      throw new IssueError(`expected { after?: <date>, before?: <date> }, got ${describe(data)}`);
    for (const key of Object.keys(data)) {
      if (!KEYS.includes(key))
        throw new IssueError(`unknown key "${key}" (expected after or before)`, key);
    }
    const after = instant(data['after'], 'after');
    const before = instant(data['before'], 'before');
    if (after === undefined && before === undefined)
      throw new IssueError('give after, before or both');
    return ({ now }) => {
      const t = now.getTime();
      if (Number.isNaN(t)) return UNAUTHORIZED;
      return (after === undefined || t >= after) && (before === undefined || t < before)
        ? OK
        : UNAUTHORIZED;
    };
  },
};

function instant(value: unknown, key: string): number | undefined {
  if (value === undefined) return undefined;
  const text = value instanceof Date ? value.toISOString() : value;
  if (
    typeof text !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/.test(text)
  ) {
    throw new IssueError(
      'expected an ISO 8601 date (2026-12-01) or date-time with offset (2026-12-01T09:00:00Z)',
      key,
    );
  }
  const t = Date.parse(text);
  // Date.parse rolls 2026-02-30 over to March 2: check that the day exists in its month.
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (Number.isNaN(t) || new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d)
    throw new IssueError(`"${text}" is not a valid date`, key);
  return t;
}
