import { expect, it } from 'vitest';
import type { PolicyInput } from '../src/index.ts';
import { decide, judge, NOW } from './support/ppl.ts';

// Regression: a session without a user record counted as "not signed in", so session criteria
// answered user-unauthenticated and the caller was sent to sign in again, although they just
// had. Pomerium (criteria.go NewCriterionSessionRule) answers user-unauthenticated only when
// there is no session; with a session each criterion fails with its own reason (a 403).
const SESSION_ONLY: PolicyInput = { session: { id: 'session-1' }, now: NOW };

it.each([
  ['authenticated_user', true, 'user-unauthorized'],
  ['email', 'a@example.com', 'email-unauthorized'],
  ['domain', 'example.com', 'domain-unauthorized'],
  ['user', 'u-1', 'user-unauthorized'],
  ['groups', 'admin', 'groups-unauthorized'],
  ['claim/groups', 'admin', 'claim-unauthorized'],
  ['ssh_username_matches_email', true, 'ssh-username-unauthorized'],
])('%s is false with its own reason', (key, data, reason) => {
  expect(judge(key, data, SESSION_ONLY)).toEqual({ value: false, reasons: [reason] });
});

it('the decision is deny, not login', () => {
  expect(decide({ allow: { and: [{ authenticated_user: true }] } }, SESSION_ONLY)).toMatchObject({
    outcome: 'deny',
    reasons: ['user-unauthorized'],
  });
});
