import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate } from '../src/index.ts';
import { anonymous } from './support/ppl.ts';

// A compiled policy remembers the local time of the last second it saw (time/zone.ts): one
// compiled policy evaluated again and again, as on the gateway, must still see each new second,
// day and invalid clock, in any order.
describe('a compiled time criterion reused across evaluations', () => {
  const policy = compilePolicy({
    allow: { and: [{ day_of_week: 'wed' }, { time_of_day: { before: '23:59:59' } }] },
  });
  const outcome = (iso: string) => evaluate(policy, anonymous({ now: new Date(iso) })).outcome;

  it('follows the clock across a second and a day boundary', () => {
    expect(outcome('2026-03-04T23:59:58.000Z')).toBe('allow');
    expect(outcome('2026-03-04T23:59:58.999Z')).toBe('allow');
    expect(outcome('2026-03-04T23:59:59.000Z')).not.toBe('allow');
    expect(outcome('2026-03-05T00:00:00.000Z')).not.toBe('allow');
    expect(outcome('2026-03-04T10:00:00.500Z')).toBe('allow');
  });

  it('does not answer an invalid clock from the last valid one', () => {
    expect(outcome('2026-03-04T10:00:00.000Z')).toBe('allow');
    expect(evaluate(policy, anonymous({ now: new Date(Number.NaN) })).outcome).not.toBe('allow');
    expect(outcome('2026-03-04T10:00:00.000Z')).toBe('allow');
  });
});
