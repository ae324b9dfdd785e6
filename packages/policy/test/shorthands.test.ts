import { describe, expect, it } from 'vitest';
import {
  compileRoutePolicy,
  evaluate,
  PolicyCompileError,
  shorthandRule,
  type PolicyInput,
} from '../src/index.ts';
import { anonymous, http, signedIn } from './support/ppl.ts';

// pomerium.md §3.2 and config/policy_ppl.go: the shorthands are one allow { or: [...] } rule.
describe('shorthandRule', () => {
  it('is undefined when no shorthand is set (false counts as unset)', () => {
    expect(shorthandRule({})).toBeUndefined();
    expect(
      shorthandRule({
        allow_public_unauthenticated_access: false,
        cors_allow_preflight: false,
        allow_any_authenticated_user: false,
        allowed_domains: [],
        allowed_idp_claims: {},
        allowed_users: [],
      }),
    ).toBeUndefined();
  });

  it.each<[string, Parameters<typeof shorthandRule>[0], unknown[]]>([
    [
      'allow_public_unauthenticated_access',
      { allow_public_unauthenticated_access: true },
      [{ accept: true }],
    ],
    ['cors_allow_preflight', { cors_allow_preflight: true }, [{ cors_preflight: true }]],
    [
      'allow_any_authenticated_user',
      { allow_any_authenticated_user: true },
      [{ authenticated_user: true }],
    ],
    [
      'allowed_domains',
      { allowed_domains: ['a.com', 'b.org'] },
      [{ domain: { is: 'a.com' } }, { domain: { is: 'b.org' } }],
    ],
    [
      'allowed_idp_claims',
      { allowed_idp_claims: { groups: ['admin', 'ops'] } },
      [{ 'claim/groups': 'admin' }, { 'claim/groups': 'ops' }],
    ],
    [
      'allowed_users',
      { allowed_users: ['u-1', 'b@x.com'] },
      [
        { user: { is: 'u-1' } },
        { email: { is: 'u-1' } },
        { user: { is: 'b@x.com' } },
        { email: { is: 'b@x.com' } },
      ],
    ],
  ])('%s', (_case, route, or) => {
    expect(shorthandRule(route)).toEqual({ allow: { or } });
  });

  it('puts them all in Pomerium’s order: accept, cors_preflight, authenticated_user, domain, claim, user+email', () => {
    const rule = shorthandRule({
      allowed_users: ['alice@example.com'],
      allowed_idp_claims: { groups: ['admin'] },
      allowed_domains: ['example.com'],
      allow_any_authenticated_user: true,
      cors_allow_preflight: true,
      allow_public_unauthenticated_access: true,
    });
    expect(rule).toEqual({
      allow: {
        or: [
          { accept: true },
          { cors_preflight: true },
          { authenticated_user: true },
          { domain: { is: 'example.com' } },
          { 'claim/groups': 'admin' },
          { user: { is: 'alice@example.com' } },
          { email: { is: 'alice@example.com' } },
        ],
      },
    });
  });
});

describe('compileRoutePolicy', () => {
  const GET = http({ method: 'GET', path: '/' });
  const alice = signedIn(undefined, { http: GET }); // alice@example.com, id u-alice, groups admin
  const bob = signedIn(
    { id: 'u-bob', email: 'bob@other.org', claims: { groups: ['ops'] } },
    { http: GET },
  );
  const anon = anonymous({ http: GET });
  const preflight = anonymous({
    http: http({
      method: 'OPTIONS',
      headers: { origin: 'https://x', 'access-control-request-method': 'POST' },
    }),
  });
  const outcome = (route: Parameters<typeof compileRoutePolicy>[0], input: PolicyInput) =>
    evaluate(compileRoutePolicy(route), input).outcome;

  it.each<[string, Parameters<typeof compileRoutePolicy>[0], PolicyInput, string]>([
    ['public: anonymous', { allow_public_unauthenticated_access: true }, anon, 'allow'],
    ['any user: signed in', { allow_any_authenticated_user: true }, bob, 'allow'],
    ['any user: anonymous signs in', { allow_any_authenticated_user: true }, anon, 'login'],
    ['domain: member', { allowed_domains: ['example.com'] }, alice, 'allow'],
    ['domain: outsider', { allowed_domains: ['example.com'] }, bob, 'deny'],
    ['domain: anonymous signs in', { allowed_domains: ['example.com'] }, anon, 'login'],
    ['users: by email', { allowed_users: ['alice@example.com'] }, alice, 'allow'],
    ['users: by id', { allowed_users: ['u-bob'] }, bob, 'allow'],
    ['users: someone else', { allowed_users: ['u-bob'] }, alice, 'deny'],
    ['claims: has the value', { allowed_idp_claims: { groups: ['ops'] } }, bob, 'allow'],
    ['claims: lacks it', { allowed_idp_claims: { groups: ['ops'] } }, alice, 'deny'],
    [
      'cors: anonymous preflight on a private route',
      { cors_allow_preflight: true, allowed_domains: ['example.com'] },
      preflight,
      'allow',
    ],
    [
      'cors: anonymous GET on that route signs in',
      { cors_allow_preflight: true, allowed_domains: ['example.com'] },
      anon,
      'login',
    ],
    ['cors: off, preflight signs in', { allowed_domains: ['example.com'] }, preflight, 'login'],
    ['nothing set, no policy: signed in', {}, alice, 'deny'],
    ['nothing set, no policy: anonymous', {}, anon, 'deny'],
    ['nothing set, no policy: preflight', {}, preflight, 'deny'],
  ])('%s', (_case, route, input, expected) => {
    expect(outcome(route, input)).toBe(expected);
  });

  it('puts the shorthand rule first, then the route policy, and ORs their allows', () => {
    const route = {
      allowed_users: ['u-bob'],
      policy: { allow: { and: [{ domain: 'example.com' }] } },
    };
    const d = evaluate(compileRoutePolicy(route, { path: 'routes[3]' }), alice);
    expect(d.trace.map((t) => t.path)).toEqual([
      'routes[3].shorthands.allow.or[0].user',
      'routes[3].shorthands.allow.or[1].email',
      'routes[3].policy.allow.and[0].domain',
    ]);
    expect(d.outcome).toBe('allow');
    expect(evaluate(compileRoutePolicy(route), bob).outcome).toBe('allow');
  });

  it('lets a route policy deny what a shorthand allows (deny wins)', () => {
    const route = {
      allowed_domains: ['example.com'],
      policy: { deny: { and: [{ mcp_tool: { not_in: ['query'] } }] } },
    };
    const call = (name: string) =>
      signedIn(undefined, { mcp: { method: 'tools/call', tool_call: { name } } });
    expect(evaluate(compileRoutePolicy(route), call('query')).outcome).toBe('allow');
    expect(evaluate(compileRoutePolicy(route), call('drop')).outcome).toBe('deny');
  });

  it('uses only the route policy when no shorthand is set', () => {
    const d = evaluate(compileRoutePolicy({ policy: { allow: { or: [{ accept: true }] } } }), anon);
    expect(d.trace.map((t) => t.path)).toEqual(['policy.allow.or[0].accept']);
    expect(d.outcome).toBe('allow');
  });

  it('reports route policy errors under the route path', () => {
    let error: unknown;
    try {
      compileRoutePolicy(
        { allowed_domains: ['example.com'], policy: { allow: { and: [{ nope: 1 }] } } },
        { path: 'routes[1]' },
      );
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(PolicyCompileError);
    expect((error as PolicyCompileError).issues.map((i) => i.path)).toEqual([
      'routes[1].policy.allow.and[0].nope',
    ]);
  });
});
