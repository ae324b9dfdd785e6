import { IssueError } from '../errors.ts';
import { describe, isPlainObject } from '../matchers/scalar.ts';
import { compileZone } from '../time/zone.ts';
import { result, type Criterion } from './criterion.ts';

const OK = result(true, 'time-of-day-ok');
const UNAUTHORIZED = result(false, 'time-of-day-unauthorized');
const KEYS = ['after', 'before', 'timezone'];

/**
 * Beyond Pomerium's open core: true within a daily window in a time zone (default UTC).
 * `time_of_day: { after: "09:00", before: "17:30", timezone: Europe/Paris }`; `after` inclusive,
 * `before` exclusive; a window with after > before spans midnight (`22:00` to `06:00`).
 */
export const timeOfDay: Criterion = {
  name: 'time_of_day',
  compile(data) {
    if (!isPlainObject(data)) {
      throw new IssueError(
        `expected { after?: "HH:MM", before?: "HH:MM", timezone?: <IANA name> }, got ${describe(data)}`,
      );
    }
    for (const key of Object.keys(data)) {
      if (!KEYS.includes(key))
        throw new IssueError(`unknown key "${key}" (expected after, before or timezone)`, key);
    }
    const after = clock(data['after'], 'after');
    const before = clock(data['before'], 'before');
    if (after === undefined && before === undefined)
      throw new IssueError('give after, before or both');
    if (after !== undefined && after === before) {
      throw new IssueError('after and before are the same time: the window would be empty');
    }
    const local = compileZone(data['timezone']);
    const from = after ?? 0;
    const to = before ?? 24 * 3600;
    const inside =
      from <= to ? (s: number) => s >= from && s < to : (s: number) => s >= from || s < to;
    return ({ now }) => {
      const time = local(now);
      return time !== undefined && inside(time.seconds) ? OK : UNAUTHORIZED;
    };
  },
};

function clock(value: unknown, key: string): number | undefined {
  if (value === undefined) return undefined;
  const match =
    typeof value === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(value) : null;
  if (match === null)
    throw new IssueError(
      `expected a time "HH:MM" or "HH:MM:SS" (24-hour), got ${describe(value)}`,
      key,
    );
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}
