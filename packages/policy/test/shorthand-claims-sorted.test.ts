import { expect, it } from 'vitest';
import { shorthandRule } from '../src/index.ts';

// Regression: allowed_idp_claims were emitted in the object's key order; Pomerium sorts the
// claim names (config/policy_ppl.go, sort.Strings) so the rule and its trace are the same
// whatever order the config file lists them in. Values keep their written order.
it('emits claim criteria sorted by claim name', () => {
  const rule = shorthandRule({
    allowed_idp_claims: { groups: ['ops', 'admin'], department: ['eng'], Zone: ['eu'] },
  });
  expect(rule).toEqual({
    allow: {
      or: [
        { 'claim/Zone': 'eu' },
        { 'claim/department': 'eng' },
        { 'claim/groups': 'ops' },
        { 'claim/groups': 'admin' },
      ],
    },
  });
});
