import { IssueError } from '../errors.ts';
import { describe, isPlainObject } from '../matchers/scalar.ts';
import { compileZone } from '../time/zone.ts';
import { result, type Criterion } from './criterion.ts';

const OK = result(true, 'day-of-week-ok');
const UNAUTHORIZED = result(false, 'day-of-week-unauthorized');
const NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FULL = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * Beyond Pomerium's open core: true on the given weekdays in a time zone (default UTC).
 * `day_of_week: mon-fri`, `day_of_week: [sat, sun]`, or
 * `day_of_week: { days: mon-fri, timezone: Europe/Paris }`. Ranges may wrap (`fri-mon`).
 */
export const dayOfWeek: Criterion = {
  name: 'day_of_week',
  compile(data) {
    let days: unknown = data;
    let timezone: unknown;
    if (isPlainObject(data)) {
      for (const key of Object.keys(data)) {
        if (key !== 'days' && key !== 'timezone') {
          throw new IssueError(`unknown key "${key}" (expected days or timezone)`, key);
        }
      }
      days = data['days'];
      timezone = data['timezone'];
    }
    const allowed = parseDays(days, isPlainObject(data) ? 'days' : '');
    const local = compileZone(timezone);
    return ({ now }) => {
      const time = local(now);
      return time !== undefined && allowed.has(time.weekday) ? OK : UNAUTHORIZED;
    };
  },
};

function parseDays(spec: unknown, at: string): Set<number> {
  const items = typeof spec === 'string' ? spec.split(',') : Array.isArray(spec) ? spec : undefined;
  if (items === undefined || items.length === 0) {
    throw new IssueError(
      `expected days such as "mon-fri" or [sat, sun], got ${describe(spec)}`,
      at,
    );
  }
  const out = new Set<number>();
  for (const item of items) {
    if (typeof item !== 'string')
      throw new IssueError(`expected a day name, got ${describe(item)}`, at);
    const [from, to, extra] = item.split('-').map((s) => day(s, at));
    if (extra !== undefined || from === undefined)
      throw new IssueError(`"${item}" is not a day or a range like mon-fri`, at);
    for (let d = from; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === (to ?? from)) break;
    }
  }
  return out;
}

function day(text: string, at: string): number {
  const name = text.trim().toLowerCase();
  const index = NAMES.indexOf(name) >= 0 ? NAMES.indexOf(name) : FULL.indexOf(name);
  if (index < 0)
    throw new IssueError(
      `"${text.trim()}" is not a day (use sun, mon, tue, wed, thu, fri, sat)`,
      at,
    );
  return index;
}
