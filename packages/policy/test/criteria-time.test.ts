import { describe, expect, it } from 'vitest';
import { anonymous, decide, judge } from './support/ppl.ts';

const at = (iso: string) => anonymous({ now: new Date(iso) });
const INVALID_NOW = anonymous({ now: new Date(Number.NaN) });

// Beyond Pomerium's open core (Zero/Enterprise have them): date, day_of_week, time_of_day.
describe('date', () => {
  const ok = ['date-ok'];
  const no = ['date-unauthorized'];
  it.each<[string, unknown, string, boolean, string[]]>([
    ['after: later', { after: '2026-03-01T00:00:00Z' }, '2026-03-04T10:00:00Z', true, ok],
    ['after: earlier', { after: '2026-03-05T00:00:00Z' }, '2026-03-04T10:00:00Z', false, no],
    ['after is inclusive', { after: '2026-03-04T10:00:00Z' }, '2026-03-04T10:00:00Z', true, ok],
    [
      'after: one millisecond before',
      { after: '2026-03-04T10:00:00Z' },
      '2026-03-04T09:59:59.999Z',
      false,
      no,
    ],
    ['before: earlier', { before: '2026-04-01T00:00:00Z' }, '2026-03-04T10:00:00Z', true, ok],
    ['before is exclusive', { before: '2026-03-04T10:00:00Z' }, '2026-03-04T10:00:00Z', false, no],
    ['date only is midnight UTC: after', { after: '2026-03-04' }, '2026-03-04T00:00:00Z', true, ok],
    [
      'date only is midnight UTC: before',
      { before: '2026-03-04' },
      '2026-03-03T23:59:59Z',
      true,
      ok,
    ],
    [
      'date only: the day itself is not before it',
      { before: '2026-03-04' },
      '2026-03-04T00:00:00Z',
      false,
      no,
    ],
    ['offset +01:00', { after: '2026-03-04T11:00:00+01:00' }, '2026-03-04T10:00:00Z', true, ok],
    [
      'offset +01:00, one second early',
      { after: '2026-03-04T11:00:01+01:00' },
      '2026-03-04T10:00:00Z',
      false,
      no,
    ],
    ['offset -05:00', { before: '2026-03-04T05:00:00-05:00' }, '2026-03-04T09:59:59Z', true, ok],
    [
      'offset without colon',
      { before: '2026-03-04T05:00:00-0500' },
      '2026-03-04T10:00:00Z',
      false,
      no,
    ],
    [
      'fractional seconds',
      { after: '2026-03-04T10:00:00.500Z' },
      '2026-03-04T10:00:00.499Z',
      false,
      no,
    ],
    [
      'window: inside',
      { after: '2026-03-01', before: '2026-04-01' },
      '2026-03-31T23:59:59Z',
      true,
      ok,
    ],
    [
      'window: after it',
      { after: '2026-03-01', before: '2026-04-01' },
      '2026-04-01T00:00:00Z',
      false,
      no,
    ],
    [
      'window: before it',
      { after: '2026-03-01', before: '2026-04-01' },
      '2026-02-28T23:59:59Z',
      false,
      no,
    ],
    ['leap day exists in 2028', { after: '2028-02-29' }, '2028-02-29T00:00:00Z', true, ok],
  ])('%s', (_case, data, now, value, reasons) => {
    expect(judge('date', data, at(now))).toEqual({ value, reasons });
  });

  it('is false for an invalid now', () => {
    expect(judge('date', { after: '2000-01-01' }, INVALID_NOW)).toEqual({
      value: false,
      reasons: ['date-unauthorized'],
    });
  });

  it('takes a Date value (a YAML 1.1 timestamp) as an instant', () => {
    const data = { after: new Date('2026-03-04T10:00:00Z') };
    expect(judge('date', data, at('2026-03-04T10:00:00Z')).value).toBe(true);
    expect(judge('date', data, at('2026-03-04T09:59:59Z')).value).toBe(false);
  });
});

describe('day_of_week', () => {
  const ok = ['day-of-week-ok'];
  const no = ['day-of-week-unauthorized'];
  const WED = '2026-03-04T10:00:00Z';
  const SAT = '2026-03-07T10:00:00Z';
  const SUN = '2026-03-08T10:00:00Z';
  const MON = '2026-03-09T10:00:00Z';
  it.each<[string, unknown, string, boolean, string[]]>([
    ['single day', 'wed', WED, true, ok],
    ['other day', 'thu', WED, false, no],
    ['full name, any case', 'Wednesday', WED, true, ok],
    ['upper case', 'WED', WED, true, ok],
    ['range mon-fri on Wednesday', 'mon-fri', WED, true, ok],
    ['range mon-fri on Saturday', 'mon-fri', SAT, false, no],
    ['range with spaces', ' mon - fri ', WED, true, ok],
    ['comma list', 'sat,sun', SUN, true, ok],
    ['comma list with spaces', 'sat, sun', WED, false, no],
    ['YAML list', ['sat', 'sun'], SAT, true, ok],
    ['list with a range', ['mon-tue', 'sat'], SAT, true, ok],
    ['wrapping range fri-mon on Sunday', 'fri-mon', SUN, true, ok],
    ['wrapping range fri-mon on Monday', 'fri-mon', MON, true, ok],
    ['wrapping range fri-mon on Wednesday', 'fri-mon', WED, false, no],
    ['mon-sun is every day', 'mon-sun', SUN, true, ok],
    ['sun-sat is every day', 'sun-sat', WED, true, ok],
    ['object form, default UTC', { days: 'wed' }, WED, true, ok],
    // 10:00 UTC on Wednesday is already Thursday 00:00 at UTC+14.
    [
      'time zone ahead: Thursday in Kiritimati',
      { days: 'thu', timezone: 'Pacific/Kiritimati' },
      WED,
      true,
      ok,
    ],
    [
      'time zone ahead: not Wednesday there',
      { days: 'wed', timezone: 'Pacific/Kiritimati' },
      WED,
      false,
      no,
    ],
    // 03:00 UTC on Wednesday is Tuesday 19:00 in Los Angeles.
    [
      'time zone behind: Tuesday in Los Angeles',
      { days: 'tue', timezone: 'America/Los_Angeles' },
      '2026-03-04T03:00:00Z',
      true,
      ok,
    ],
    ['time zone behind: Wednesday in UTC', { days: 'tue' }, '2026-03-04T03:00:00Z', false, no],
    ['explicit UTC', { days: 'wed', timezone: 'UTC' }, WED, true, ok],
  ])('%s', (_case, data, now, value, reasons) => {
    expect(judge('day_of_week', data, at(now))).toEqual({ value, reasons });
  });

  it('is false for an invalid now', () => {
    expect(judge('day_of_week', 'mon-sun', INVALID_NOW)).toEqual({
      value: false,
      reasons: ['day-of-week-unauthorized'],
    });
  });
});

describe('time_of_day', () => {
  const ok = ['time-of-day-ok'];
  const no = ['time-of-day-unauthorized'];
  const office = { after: '09:00', before: '17:00' };
  const night = { after: '22:00', before: '06:00' };
  const paris = { ...office, timezone: 'Europe/Paris' };
  it.each<[string, unknown, string, boolean, string[]]>([
    ['inside', office, '2026-03-04T10:00:00Z', true, ok],
    ['after is inclusive', office, '2026-03-04T09:00:00Z', true, ok],
    ['one second before after', office, '2026-03-04T08:59:59Z', false, no],
    ['before is exclusive', office, '2026-03-04T17:00:00Z', false, no],
    ['one second before before', office, '2026-03-04T16:59:59Z', true, ok],
    ['only after: until midnight', { after: '20:00' }, '2026-03-04T23:59:59Z', true, ok],
    ['only after: not before it', { after: '20:00' }, '2026-03-04T19:59:59Z', false, no],
    ['only before: from midnight', { before: '06:00' }, '2026-03-04T00:00:00Z', true, ok],
    ['only before: not after it', { before: '06:00' }, '2026-03-04T06:00:00Z', false, no],
    ['with seconds', { after: '10:00:01' }, '2026-03-04T10:00:00Z', false, no],
    ['with seconds, reached', { after: '10:00:01' }, '2026-03-04T10:00:01Z', true, ok],
    ['wrapping window: late evening', night, '2026-03-04T23:00:00Z', true, ok],
    ['wrapping window: its start', night, '2026-03-04T22:00:00Z', true, ok],
    ['wrapping window: early morning', night, '2026-03-04T05:59:59Z', true, ok],
    ['wrapping window: its end', night, '2026-03-04T06:00:00Z', false, no],
    ['wrapping window: midday', night, '2026-03-04T12:00:00Z', false, no],
    // Paris is UTC+1 in March and UTC+2 in July: the window follows local time in both.
    ['Paris winter: 09:00 local = 08:00Z', paris, '2026-03-04T08:00:00Z', true, ok],
    ['Paris winter: 07:30Z is 08:30 local', paris, '2026-03-04T07:30:00Z', false, no],
    ['Paris winter: 16:30Z is 17:30 local', paris, '2026-03-04T16:30:00Z', false, no],
    ['Paris summer: 09:00 local = 07:00Z', paris, '2026-07-01T07:00:00Z', true, ok],
    ['Paris summer: 06:59Z is 08:59 local', paris, '2026-07-01T06:59:00Z', false, no],
    ['Paris summer: 15:00Z is 17:00 local', paris, '2026-07-01T15:00:00Z', false, no],
    [
      'New York winter: 09:00 local = 14:00Z',
      { ...office, timezone: 'America/New_York' },
      '2026-01-15T14:00:00Z',
      true,
      ok,
    ],
    [
      'New York summer: 09:00 local = 13:00Z',
      { ...office, timezone: 'America/New_York' },
      '2026-07-15T13:00:00Z',
      true,
      ok,
    ],
    [
      'New York summer: 13:00Z in UTC is outside 14:00-22:00',
      { after: '14:00', before: '22:00' },
      '2026-07-15T13:00:00Z',
      false,
      no,
    ],
  ])('%s', (_case, data, now, value, reasons) => {
    expect(judge('time_of_day', data, at(now))).toEqual({ value, reasons });
  });

  it('skips the hour that does not exist on the day clocks go forward (Paris, 29 March 2026)', () => {
    const window = { after: '02:00', before: '03:00', timezone: 'Europe/Paris' };
    // 00:59:59Z is 01:59:59 CET; one second later it is 03:00:00 CEST.
    expect(judge('time_of_day', window, at('2026-03-29T00:59:59Z')).value).toBe(false);
    expect(judge('time_of_day', window, at('2026-03-29T01:00:00Z')).value).toBe(false);
    expect(
      judge('time_of_day', { ...window, before: '03:00:01' }, at('2026-03-29T01:00:00Z')).value,
    ).toBe(true);
  });

  it('is false for an invalid now', () => {
    expect(judge('time_of_day', { after: '00:00' }, INVALID_NOW)).toEqual({
      value: false,
      reasons: no,
    });
  });

  it('combines with day_of_week for office hours in a time zone', () => {
    const policy = {
      allow: {
        and: [
          { day_of_week: { days: 'mon-fri', timezone: 'Europe/Paris' } },
          { time_of_day: paris },
        ],
      },
    };
    expect(decide(policy, at('2026-03-06T15:59:00Z')).outcome).toBe('allow'); // Fri 16:59
    expect(decide(policy, at('2026-03-06T16:00:00Z')).outcome).toBe('deny'); // Fri 17:00
    expect(decide(policy, at('2026-03-07T10:00:00Z')).outcome).toBe('deny'); // Sat 11:00
    // Sunday 23:30 UTC is already Monday 00:30 in Paris, but outside the hours.
    expect(decide(policy, at('2026-03-08T23:30:00Z')).outcome).toBe('deny');
  });
});
