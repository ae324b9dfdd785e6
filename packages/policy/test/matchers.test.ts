import { describe, expect, it } from 'vitest';
import { ALICE, anonymous, http, judge, signedIn } from './support/ppl.ts';

// pomerium.md §3.3. The string matcher is exercised through http_path (no session needed) and
// the string-list matcher through groups; every criterion shares the same two matchers.
const path = (data: unknown, value: string) =>
  judge('http_path', data, anonymous({ http: http({ path: value }) })).value;
const groups = (data: unknown, values: readonly string[]) =>
  judge('groups', data, signedIn({ ...ALICE, groups: values })).value;

describe('string matcher', () => {
  it.each([
    ['is: equal', { is: '/admin' }, '/admin', true],
    ['is: different', { is: '/admin' }, '/admin/', false],
    ['is: case-sensitive', { is: '/admin' }, '/Admin', false],
    ['not: different', { not: '/admin' }, '/public', true],
    ['not: equal', { not: '/admin' }, '/admin', false],
    ['contains: inside', { contains: 'dmi' }, '/admin', true],
    ['contains: absent', { contains: 'xyz' }, '/admin', false],
    ['contains: empty operand', { contains: '' }, '/admin', true],
    ['starts_with: prefix', { starts_with: '/api/' }, '/api/v1', true],
    ['starts_with: not a prefix', { starts_with: '/api/' }, '/v1/api/', false],
    ['ends_with: suffix', { ends_with: '.json' }, '/a/b.json', true],
    ['ends_with: not a suffix', { ends_with: '.json' }, '/a/b.json.bak', false],
    ['in: member', { in: ['/a', '/b'] }, '/b', true],
    ['in: not a member', { in: ['/a', '/b'] }, '/c', false],
    ['in: empty list never matches', { in: [] }, '/a', false],
    ['not_in: not a member', { not_in: ['/a', '/b'] }, '/c', true],
    ['not_in: member', { not_in: ['/a', '/b'] }, '/a', false],
    ['not_in: empty list always matches', { not_in: [] }, '/a', true],
    ['bare scalar = is: equal', '/admin', '/admin', true],
    ['bare scalar = is: no substring match', '/admin', '/admin/x', false],
    ['ANDed: both hold', { starts_with: '/a', ends_with: 'z' }, '/abcz', true],
    ['ANDed: only the first holds', { starts_with: '/a', ends_with: 'z' }, '/abc', false],
    ['ANDed: only the second holds', { starts_with: '/a', ends_with: 'z' }, '/bz', false],
    ['ANDed: starts_with and not', { starts_with: '/api', not: '/api/admin' }, '/api/admin', false],
    [
      'ANDed: three operators',
      { contains: 'b', starts_with: '/a', not_in: ['/abc'] },
      '/abd',
      true,
    ],
  ])('%s', (_case, data, value, expected) => {
    expect(path(data, value)).toBe(expected);
  });

  it('compares a number operand as its decimal text (YAML `user: 12345`)', () => {
    const user = { ...ALICE, id: '12345' };
    expect(judge('user', 12345, signedIn(user)).value).toBe(true);
    expect(judge('user', { in: [1, 12345] }, signedIn(user)).value).toBe(true);
    expect(judge('user', 1234, signedIn(user)).value).toBe(false);
  });
});

describe('string-list matcher', () => {
  it.each([
    ['has: one of several', { has: 'dev' }, ['admin', 'dev'], true],
    ['has: absent', { has: 'ops' }, ['admin', 'dev'], false],
    ['has: empty list', { has: 'ops' }, [], false],
    ['has: exact element only', { has: 'dev' }, ['developers'], false],
    ['is: the only element', { is: 'dev' }, ['dev'], true],
    ['is: one of two', { is: 'dev' }, ['dev', 'admin'], false],
    ['is: empty list', { is: 'dev' }, [], false],
    ['exclude: absent', { exclude: 'banned' }, ['dev'], true],
    ['exclude: present', { exclude: 'banned' }, ['dev', 'banned'], false],
    ['exclude: empty list', { exclude: 'banned' }, [], true],
    ['bare scalar = has: present', 'dev', ['admin', 'dev'], true],
    ['bare scalar = has: absent', 'ops', ['admin', 'dev'], false],
    ['ANDed: has and exclude hold', { has: 'dev', exclude: 'banned' }, ['dev'], true],
    [
      'ANDed: has holds, exclude fails',
      { has: 'dev', exclude: 'banned' },
      ['dev', 'banned'],
      false,
    ],
    ['ANDed: has fails, exclude holds', { has: 'dev', exclude: 'banned' }, ['ops'], false],
  ])('%s', (_case, data, values, expected) => {
    expect(groups(data, values)).toBe(expected);
  });
});
