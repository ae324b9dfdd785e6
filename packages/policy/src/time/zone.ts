import { IssueError } from '../errors.ts';

export interface LocalTime {
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
  /** Seconds since local midnight. */
  readonly seconds: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = {
  Sun: 0,
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
};

/** Compiles an IANA time zone (default UTC) into a function from an instant to local time. */
export function compileZone(
  timezone: unknown,
  subPath = 'timezone',
): (now: Date) => LocalTime | undefined {
  if (timezone !== undefined && typeof timezone !== 'string') {
    throw new IssueError('expected an IANA time zone name such as Europe/Paris', subPath);
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone ?? 'UTC',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    throw new IssueError(
      `unknown time zone "${String(timezone)}" (use an IANA name such as Europe/Paris)`,
      subPath,
    );
  }
  // The local time changes once a second: requests in the same second share one
  // formatToParts, the costly part (issue 18, policy evaluation on the gateway's hot path).
  let lastSecond = Number.NaN;
  let last: LocalTime | undefined;
  return (now) => {
    const ms = now.getTime();
    if (Number.isNaN(ms)) return undefined;
    const second = Math.floor(ms / 1000);
    if (second === lastSecond) return last;
    let weekday = -1;
    let seconds = 0;
    for (const part of format.formatToParts(now)) {
      if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? -1;
      else if (part.type === 'hour') seconds += Number(part.value) * 3600;
      else if (part.type === 'minute') seconds += Number(part.value) * 60;
      else if (part.type === 'second') seconds += Number(part.value);
    }
    last = weekday < 0 ? undefined : { weekday, seconds };
    lastSecond = second;
    return last;
  };
}
