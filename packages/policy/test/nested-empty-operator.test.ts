import { describe, expect, it } from 'vitest';
import { compilePolicy, PolicyCompileError } from '../src/index.ts';

// Guards: an empty nested operator used to be dropped silently, so `and: [{or: []}, X]` meant X.
describe('empty nested operator', () => {
  it('is a compile error naming its path', () => {
    try {
      compilePolicy({ allow: { and: [{ or: [] }, { accept: true }] } });
      expect.unreachable('compiled');
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyCompileError);
      expect((error as PolicyCompileError).issues).toEqual([
        {
          path: 'policy.allow.and[0].or',
          message: expect.stringContaining('empty nested operator') as unknown,
        },
      ]);
    }
  });

  it('at the top of a rule is still skipped, as PPL does', () => {
    expect(compilePolicy({ allow: { or: [], and: [{ accept: true }] } }).allow).toHaveLength(1);
  });
});

describe('time_of_day with after equal to before', () => {
  it('is a compile error (the window would be empty)', () => {
    expect(() =>
      compilePolicy({ allow: { and: [{ time_of_day: { after: '09:00', before: '09:00' } }] } }),
    ).toThrow(/after and before are the same time/);
  });
});
