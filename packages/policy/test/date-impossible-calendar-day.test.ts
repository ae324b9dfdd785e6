import { expect, it } from 'vitest';
import { compilePolicy } from '../src/index.ts';
import { compileIssue } from './support/ppl.ts';

// Regression: Date.parse rolls 2026-02-30 over to 2026-03-02, so a mistyped date in a `date`
// window compiled silently and moved the window by days.
it.each([
  '2026-02-30',
  '2026-02-29T12:00:00Z',
  '2026-04-31T00:00:00+02:00',
  '2026-06-31',
  '2026-01-00',
])('%s is a compile error', (text) => {
  expect(compileIssue({ allow: { and: [{ date: { after: text } }] } })).toEqual({
    path: 'policy.allow.and[0].date.after',
    message: `"${text}" is not a valid date`,
  });
});

it.each(['2028-02-29', '2026-01-31', '2026-04-30T23:59:59-12:00', '2026-12-31T00:00:00Z'])(
  '%s still compiles',
  (text) => {
    expect(() => compilePolicy({ allow: { and: [{ date: { before: text } }] } })).not.toThrow();
  },
);
