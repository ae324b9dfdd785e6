import { expect, it } from 'vitest';
import { anonymous, decide } from './support/ppl.ts';

// Regression: the trace listed every allow block first and then every deny block, so a policy
// whose deny rule comes first was explained out of order. TraceEntry promises policy order.
it('a deny rule written before an allow rule is traced first', () => {
  const policy = [
    { deny: { or: [{ reject: 1 }] } },
    { allow: { or: [{ accept: 2 }] } },
    { deny: { or: [{ reject: 3 }] } },
  ];
  expect(decide(policy, anonymous()).trace.map((t) => t.path)).toEqual([
    'policy[0].deny.or[0].reject',
    'policy[1].allow.or[0].accept',
    'policy[2].deny.or[0].reject',
  ]);
});

it('deny before allow in one rule object keeps the written key order', () => {
  const d = decide(
    { deny: { and: [{ reject: true }] }, allow: { and: [{ accept: true }] } },
    anonymous(),
  );
  expect(d.trace.map((t) => t.path)).toEqual([
    'policy.deny.and[0].reject',
    'policy.allow.and[0].accept',
  ]);
  expect(d.outcome).toBe('allow');
});
