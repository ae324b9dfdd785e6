import { expect, it } from 'vitest';
import { compilePolicy, parsePolicy } from '../src/index.ts';
import { judge, signedIn } from './support/ppl.ts';

// Regression: `claim/email_verified: true`, which Pomerium accepts (its claim criterion compares
// the data with each claim value), was a compile error ("expected a string, got boolean true").
// Boolean claim values were already compared as their text, so a boolean operand is its text.
const verified = signedIn({ id: 'u', claims: { email_verified: true } });
const unverified = signedIn({ id: 'u', claims: { email_verified: false } });

it('a bare boolean matches a boolean claim', () => {
  expect(judge('claim/email_verified', true, verified)).toEqual({
    value: true,
    reasons: ['claim-ok'],
  });
  expect(judge('claim/email_verified', true, unverified)).toEqual({
    value: false,
    reasons: ['claim-unauthorized'],
  });
  expect(judge('claim/email_verified', false, unverified).value).toBe(true);
});

it('boolean operands work with has, is and exclude, and from YAML', () => {
  expect(judge('claim/email_verified', { is: true }, verified).value).toBe(true);
  expect(judge('claim/email_verified', { exclude: false }, verified).value).toBe(true);
  expect(judge('claim/email_verified', { has: false }, verified).value).toBe(false);
  expect(() =>
    compilePolicy(parsePolicy('allow: { and: [ { claim/email_verified: true } ] }')),
  ).not.toThrow();
});

it('string matchers still refuse booleans', () => {
  expect(() => compilePolicy({ allow: { and: [{ email: true }] } })).toThrow(/got boolean true/);
});
