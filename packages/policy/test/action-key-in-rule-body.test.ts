import { expect, it } from 'vitest';
import { compilePolicy } from '../src/index.ts';
import { compileIssue, decide, signedIn } from './support/ppl.ts';

// Regression: Pomerium's parser tolerates an `action` key inside a rule body (grammar.go
// fillConditionalsFromObject: "only and, or, not, nor and action are allowed"); it was an
// "unknown operator" error here, so such a pasted policy did not compile.
it('allow: { action: allow, ... } compiles and behaves as without the key', () => {
  const policy = { allow: { action: 'allow', and: [{ domain: 'example.com' }] } };
  expect(() => compilePolicy(policy)).not.toThrow();
  expect(decide(policy, signedIn()).outcome).toBe('allow');
});

it('an action that contradicts its rule is an error rather than silently ignored', () => {
  expect(compileIssue({ deny: { action: 'allow', or: [{ accept: true }] } })).toEqual({
    path: 'policy.deny.action',
    message: 'action "allow" contradicts the enclosing "deny" (remove it)',
  });
});
