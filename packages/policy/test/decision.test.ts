import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate, UNAUTHENTICATED } from '../src/index.ts';
import { anonymous, decide, http, signedIn } from './support/ppl.ts';

// pomerium.md §3.2, handleResult: user-unauthenticated → login; else deny wins; else allow;
// else deny (nothing allowed it).
const GET = http({ method: 'GET', path: '/docs' });
const anon = anonymous({ http: GET });
const alice = signedIn(undefined, { http: GET });

describe('outcome', () => {
  it('allows when an allow rule holds and no deny rule does; reasons are the allow reasons', () => {
    const d = decide(
      { allow: { and: [{ http_method: 'GET' }] }, deny: { or: [{ http_path: '/admin' }] } },
      anon,
    );
    expect(d).toMatchObject({
      outcome: 'allow',
      reasons: ['http-method-ok'],
      allow: { value: true, reasons: ['http-method-ok'] },
      deny: { value: false, reasons: ['http-path-unauthorized'] },
    });
  });

  it('deny wins over allow; reasons are the deny reasons', () => {
    const d = decide(
      { allow: { or: [{ accept: true }] }, deny: { or: [{ http_path: '/docs' }] } },
      anon,
    );
    expect(d).toMatchObject({
      outcome: 'deny',
      reasons: ['http-path-ok'],
      allow: { value: true, reasons: ['accept'] },
      deny: { value: true, reasons: ['http-path-ok'] },
    });
  });

  it('deny wins whatever the rule order', () => {
    const policy = [{ deny: { and: [{ accept: true }] } }, { allow: { and: [{ accept: true }] } }];
    expect(decide(policy, anon).outcome).toBe('deny');
    expect(decide([...policy].reverse(), anon).outcome).toBe('deny');
  });

  it('denies by default when no allow rule holds; reasons are the failed allow reasons', () => {
    const d = decide({ allow: { and: [{ http_method: 'POST' }, { http_path: '/docs' }] } }, anon);
    expect(d).toMatchObject({
      outcome: 'deny',
      reasons: ['http-method-unauthorized'],
      deny: { value: false, reasons: [] },
    });
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an empty list', []],
    ['an empty rule', {}],
    ['empty operator lists', { allow: { and: [], or: [] } }],
  ])('denies everything with %s as the policy', (_case, policy) => {
    for (const input of [anon, alice]) {
      expect(decide(policy, input)).toEqual({
        outcome: 'deny',
        allow: { value: false, reasons: [] },
        deny: { value: false, reasons: [] },
        reasons: [],
        trace: [],
      });
    }
  });

  it('denies with only deny rules, even when none of them holds', () => {
    expect(decide({ deny: { and: [{ reject: true }] } }, alice)).toMatchObject({
      outcome: 'deny',
      reasons: [],
    });
  });
});

describe('login', () => {
  it('asks to sign in when an allow criterion needs a session', () => {
    const d = decide({ allow: { and: [{ domain: 'example.com' }] } }, anon);
    expect(d.outcome).toBe('login');
    expect(d.reasons).toEqual([UNAUTHENTICATED]);
    expect(d.allow).toEqual({ value: false, reasons: ['user-unauthenticated'] });
  });

  it('asks to sign in because of a deny criterion, even when allow holds', () => {
    const d = decide(
      { allow: { or: [{ accept: true }] }, deny: { or: [{ email: 'mallory@example.com' }] } },
      anon,
    );
    expect(d).toMatchObject({
      outcome: 'login',
      reasons: ['user-unauthenticated'],
      allow: { value: true, reasons: ['accept'] },
      deny: { value: false, reasons: ['user-unauthenticated'] },
    });
  });

  it('asks to sign in before a deny that holds (login comes first)', () => {
    const d = decide(
      { deny: { and: [{ http_method: 'GET' }, { not: [{ groups: 'admin' }] }] } },
      anon,
    );
    expect(d.deny).toEqual({ value: true, reasons: ['http-method-ok', 'user-unauthenticated'] });
    expect(d.outcome).toBe('login');
  });

  it('asks to sign in through not and nor (reasons are kept when the value is inverted)', () => {
    expect(decide({ allow: { not: [{ email: 'x@example.com' }] } }, anon).outcome).toBe('login');
    expect(decide({ allow: { nor: [{ accept: true }, { user: 'u1' }] } }, anon).outcome).toBe(
      'login',
    );
  });

  it('does not ask when the unauthenticated reason is not kept (public route: or keeps the true ones)', () => {
    const d = decide({ allow: { or: [{ accept: true }, { authenticated_user: true }] } }, anon);
    expect(d).toMatchObject({ outcome: 'allow', reasons: ['accept'] });
  });

  it('asks even when an and is already false for another reason (every false child is kept)', () => {
    const d = decide(
      { allow: { and: [{ http_method: 'POST' }, { email: 'a@example.com' }] } },
      anon,
    );
    expect(d.allow.reasons).toEqual(['http-method-unauthorized', 'user-unauthenticated']);
    expect(d.outcome).toBe('login');
  });

  it('does not ask for a deny block that holds without the session criterion (or keeps the true ones)', () => {
    const d = decide({ deny: { or: [{ http_method: 'GET' }, { email: 'a@example.com' }] } }, anon);
    expect(d).toMatchObject({ outcome: 'deny', reasons: ['http-method-ok'] });
  });

  it('never asks a signed-in user to sign in', () => {
    const d = decide({ allow: { and: [{ domain: 'other.org' }] } }, alice);
    expect(d).toMatchObject({ outcome: 'deny', reasons: ['domain-unauthorized'] });
  });
});

describe('trace', () => {
  it('lists every criterion in policy order with its path, name, value and reasons', () => {
    const policy = compilePolicy([
      {
        allow: {
          and: [{ domain: { is: 'example.com' } }, { 'claim/groups': 'admin' }],
          or: [{ http_path: { starts_with: '/public/' } }],
        },
      },
      {
        deny: {
          or: [{ email: 'mallory@example.com' }, { and: [{ http_method: 'GET' }, { reject: 1 }] }],
        },
      },
      { allow: { not: [{ source_ip: '10.0.0.0/8' }] } },
    ]);
    const d = evaluate(policy, signedIn(undefined, { http: GET }));
    expect(d.trace).toEqual([
      {
        path: 'policy[0].allow.and[0].domain',
        criterion: 'domain',
        value: true,
        reasons: ['domain-ok'],
      },
      {
        path: 'policy[0].allow.and[1].claim/groups',
        criterion: 'claim/groups',
        value: true,
        reasons: ['claim-ok'],
      },
      {
        path: 'policy[0].allow.or[0].http_path',
        criterion: 'http_path',
        value: false,
        reasons: ['http-path-unauthorized'],
      },
      {
        path: 'policy[1].deny.or[0].email',
        criterion: 'email',
        value: false,
        reasons: ['email-unauthorized'],
      },
      {
        path: 'policy[1].deny.or[1].and[0].http_method',
        criterion: 'http_method',
        value: true,
        reasons: ['http-method-ok'],
      },
      {
        path: 'policy[1].deny.or[1].and[1].reject',
        criterion: 'reject',
        value: false,
        reasons: ['reject'],
      },
      {
        path: 'policy[2].allow.not[0].source_ip',
        criterion: 'source_ip',
        value: false,
        reasons: ['source-ip-unauthorized'],
      },
    ]);
    expect(d.outcome).toBe('allow');
    expect(d.allow.reasons).toEqual(['domain-ok', 'claim-ok', 'source-ip-unauthorized']);
  });

  it('evaluates every child (no short-circuit), so a login trace is complete too', () => {
    const d = decide(
      { allow: { and: [{ reject: true }, { email: 'a@example.com' }, { accept: true }] } },
      anon,
    );
    expect(d.trace.map((t) => [t.criterion, t.value])).toEqual([
      ['reject', false],
      ['email', false],
      ['accept', true],
    ]);
    expect(d.outcome).toBe('login');
  });

  it('uses the given root path and the older { action, or } rule form', () => {
    const policy = compilePolicy([{ action: 'deny', or: [{ http_path: '/docs' }] }], {
      path: 'routes[2].policy',
    });
    expect(evaluate(policy, anon)).toMatchObject({
      outcome: 'deny',
      trace: [
        { path: 'routes[2].policy[0].or[0].http_path', value: true, reasons: ['http-path-ok'] },
      ],
    });
  });
});
