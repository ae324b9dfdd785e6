import { describe, expect, it } from 'vitest';
import type { PolicyInput, UserInput } from '../src/index.ts';
import { ALICE, anonymous, judge, NOW, signedIn } from './support/ppl.ts';

// pomerium.md §3.4: session-based criteria answer `user-unauthenticated` without a session.
const NOBODY = anonymous();
/** A user record but no session: not signed in (the user is meaningful only with a session). */
const STALE_USER: PolicyInput = { user: ALICE, now: NOW };
const as = (user: UserInput) => signedIn(user);

type Row = [string, string, unknown, PolicyInput, boolean, string[]];

describe('accept and reject', () => {
  it.each<Row>([
    ['accept: signed in', 'accept', true, signedIn(), true, ['accept']],
    ['accept: anonymous', 'accept', true, NOBODY, true, ['accept']],
    ['accept: any data', 'accept', { whatever: [1] }, NOBODY, true, ['accept']],
    ['accept: null data', 'accept', null, NOBODY, true, ['accept']],
    ['reject: signed in', 'reject', true, signedIn(), false, ['reject']],
    ['reject: anonymous', 'reject', true, NOBODY, false, ['reject']],
    ['reject: any data', 'reject', 'x', NOBODY, false, ['reject']],
  ])('%s', (_case, key, data, input, value, reasons) => {
    expect(judge(key, data, input)).toEqual({ value, reasons });
  });
});

describe('authenticated_user', () => {
  it.each<Row>([
    ['signed in', 'authenticated_user', true, signedIn(), true, ['user-ok']],
    ['data is ignored', 'authenticated_user', false, signedIn(), true, ['user-ok']],
    ['empty user id', 'authenticated_user', true, as({ id: '' }), false, ['user-unauthorized']],
    ['no session', 'authenticated_user', true, NOBODY, false, ['user-unauthenticated']],
    [
      'user without session',
      'authenticated_user',
      true,
      STALE_USER,
      false,
      ['user-unauthenticated'],
    ],
  ])('%s', (_case, key, data, input, value, reasons) => {
    expect(judge(key, data, input)).toEqual({ value, reasons });
  });
});

describe('email, domain, user', () => {
  const noEmail: UserInput = { id: 'u-1' };
  it.each<Row>([
    ['email: is', 'email', { is: 'alice@example.com' }, signedIn(), true, ['email-ok']],
    ['email: bare', 'email', 'alice@example.com', signedIn(), true, ['email-ok']],
    ['email: ends_with', 'email', { ends_with: '@example.com' }, signedIn(), true, ['email-ok']],
    ['email: other', 'email', { is: 'bob@example.com' }, signedIn(), false, ['email-unauthorized']],
    ['email: none on record', 'email', { not: 'x' }, as(noEmail), false, ['email-unauthorized']],
    [
      'email: no session',
      'email',
      { is: 'alice@example.com' },
      NOBODY,
      false,
      ['user-unauthenticated'],
    ],
    [
      'email: user without session',
      'email',
      'alice@example.com',
      STALE_USER,
      false,
      ['user-unauthenticated'],
    ],
    ['domain: is', 'domain', { is: 'example.com' }, signedIn(), true, ['domain-ok']],
    ['domain: bare', 'domain', 'example.com', signedIn(), true, ['domain-ok']],
    [
      'domain: a subdomain is another domain',
      'domain',
      { is: 'example.com' },
      as({ id: 'u', email: 'a@eu.example.com' }),
      false,
      ['domain-unauthorized'],
    ],
    [
      'domain: ends_with covers subdomains',
      'domain',
      { ends_with: 'example.com' },
      as({ id: 'u', email: 'a@eu.example.com' }),
      true,
      ['domain-ok'],
    ],
    [
      'domain: after the last @',
      'domain',
      { is: 'example.com' },
      as({ id: 'u', email: '"a@evil.com"@example.com' }),
      true,
      ['domain-ok'],
    ],
    [
      'domain: not the local part',
      'domain',
      { is: 'evil.com' },
      as({ id: 'u', email: 'evil.com@example.com' }),
      false,
      ['domain-unauthorized'],
    ],
    [
      'domain: email without @',
      'domain',
      { not: 'x' },
      as({ id: 'u', email: 'alice' }),
      false,
      ['domain-unauthorized'],
    ],
    ['domain: no email', 'domain', { not: 'x' }, as(noEmail), false, ['domain-unauthorized']],
    [
      'domain: no session',
      'domain',
      { is: 'example.com' },
      NOBODY,
      false,
      ['user-unauthenticated'],
    ],
    ['user: is', 'user', { is: 'u-alice' }, signedIn(), true, ['user-ok']],
    ['user: bare', 'user', 'u-alice', signedIn(), true, ['user-ok']],
    ['user: other', 'user', { is: 'u-bob' }, signedIn(), false, ['user-unauthorized']],
    [
      'user: matches the id, not the email',
      'user',
      'alice@example.com',
      signedIn(),
      false,
      ['user-unauthorized'],
    ],
    [
      'user: empty id never matches',
      'user',
      { not: 'x' },
      as({ id: '' }),
      false,
      ['user-unauthorized'],
    ],
    ['user: no session', 'user', 'u-alice', NOBODY, false, ['user-unauthenticated']],
  ])('%s', (_case, key, data, input, value, reasons) => {
    expect(judge(key, data, input)).toEqual({ value, reasons });
  });
});

describe('groups', () => {
  it.each<Row>([
    ['has', 'groups', { has: 'admin' }, signedIn(), true, ['groups-ok']],
    ['bare', 'groups', 'dev', signedIn(), true, ['groups-ok']],
    ['absent', 'groups', { has: 'ops' }, signedIn(), false, ['groups-unauthorized']],
    [
      'no groups on record',
      'groups',
      { has: 'admin' },
      as({ id: 'u' }),
      false,
      ['groups-unauthorized'],
    ],
    [
      'exclude with no groups',
      'groups',
      { exclude: 'banned' },
      as({ id: 'u' }),
      true,
      ['groups-ok'],
    ],
    ['no session', 'groups', { has: 'admin' }, NOBODY, false, ['user-unauthenticated']],
  ])('%s', (_case, key, data, input, value, reasons) => {
    expect(judge(key, data, input)).toEqual({ value, reasons });
  });
});

describe('claim/<path>', () => {
  const claims = {
    groups: ['admin', 'dev'],
    department: 'eng',
    level: 7,
    email_verified: true,
    roles: [],
    mixed: ['a', 2, true, { x: 'y' }, ['nested']],
    address: { country: 'FR', geo: { region: { city: { name: 'Lyon' } } } },
    a: { b: { c: { d: { e: 'five', f: { g: 'six' } } } } },
  };
  const user: UserInput = { id: 'u-claims', email: 'c@example.com', claims };
  const ok = ['claim-ok'];
  const no = ['claim-unauthorized'];

  it.each<[string, string, unknown, boolean, string[]]>([
    ['list claim, has', 'claim/groups', 'admin', true, ok],
    ['list claim, absent value', 'claim/groups', 'ops', false, no],
    ['list claim, is needs a single element', 'claim/groups', { is: 'admin' }, false, no],
    ['list claim, exclude', 'claim/groups', { exclude: 'ops' }, true, ok],
    ['string claim is a one-element list', 'claim/department', 'eng', true, ok],
    ['string claim, is', 'claim/department', { is: 'eng' }, true, ok],
    ['string claim, other value', 'claim/department', 'ops', false, no],
    ['string claim, no substring match', 'claim/department', 'en', false, no],
    ['number claim, number operand', 'claim/level', 7, true, ok],
    ['number claim, string operand', 'claim/level', '7', true, ok],
    ['number claim, other number', 'claim/level', 8, false, no],
    ['boolean claim, text operand', 'claim/email_verified', 'true', true, ok],
    ['empty list claim', 'claim/roles', 'admin', false, no],
    ['empty list claim, exclude', 'claim/roles', { exclude: 'admin' }, true, ok],
    ['mixed list: string element', 'claim/mixed', 'a', true, ok],
    ['mixed list: number element', 'claim/mixed', 2, true, ok],
    ['mixed list: boolean element', 'claim/mixed', 'true', true, ok],
    ['mixed list: objects and lists are skipped', 'claim/mixed', 'nested', false, no],
    ['missing claim', 'claim/nope', 'x', false, no],
    ['missing claim, even with exclude (fail closed)', 'claim/nope', { exclude: 'x' }, false, no],
    ['object claim is not a value', 'claim/address', 'FR', false, no],
    ['2 levels with /', 'claim/address/country', 'FR', true, ok],
    ['2 levels with .', 'claim/address.country', 'FR', true, ok],
    ['2 levels, other value', 'claim/address/country', 'DE', false, no],
    ['2 levels, missing leaf', 'claim/address/zip', 'x', false, no],
    ['through a string is missing', 'claim/department/x', 'x', false, no],
    ['through a list is missing', 'claim/groups/0', 'admin', false, no],
    ['5 levels with /', 'claim/address/geo/region/city/name', 'Lyon', true, ok],
    ['5 levels with . and / mixed', 'claim/address.geo/region.city/name', 'Lyon', true, ok],
    ['5 levels, key a/b/c/d/e', 'claim/a/b/c/d/e', 'five', true, ok],
    ['4 levels reaching an object', 'claim/a/b/c/d', 'five', false, no],
    ['inherited property is not a claim', 'claim/constructor', { exclude: 'x' }, false, no],
    ['__proto__ is not a claim', 'claim/__proto__', { exclude: 'x' }, false, no],
  ])('%s: %s', (_case, key, data, value, reasons) => {
    expect(judge(key, data, signedIn(user))).toEqual({ value, reasons });
  });

  it('answers user-unauthenticated without a session and claim-unauthorized without claims', () => {
    expect(judge('claim/groups', 'admin', anonymous())).toEqual({
      value: false,
      reasons: ['user-unauthenticated'],
    });
    expect(judge('claim/groups', 'admin', signedIn({ id: 'u' }))).toEqual({
      value: false,
      reasons: ['claim-unauthorized'],
    });
  });
});
