import { describe, expect, it } from 'vitest';
import {
  compilePolicy,
  evaluate,
  parsePolicy,
  type McpInput,
  type PolicyInput,
} from '../src/index.ts';
import { anonymous, http, signedIn } from './support/ppl.ts';

// The three examples of pomerium.md Part 3, §3.2, verbatim.
const A = compilePolicy(
  parsePolicy(`
# A: domain AND group; but block two users.  allow = A∧B ; deny = U2 ∨ U3
allow: { and: [ { domain: { is: example.com } }, { claim/groups: admin } ] }
deny:  { or:  [ { email: { is: user2@example.com } }, { email: { is: user3@example.com } } ] }
`),
);
const B = compilePolicy(
  parsePolicy(`
# B: deny every non-GET request (deny: not[GET] == method != GET)
allow: { and: [ { authenticated_user: true } ] }
deny:  { not: [ { http_method: { is: GET } } ] }
`),
);
const C = compilePolicy(
  parsePolicy(`
# C: MCP allowlist of tools
allow: { and: [ { domain: { is: company.com } } ] }
deny:  { and: [ { mcp_tool: { not_in: [query, list_tables] } } ] }
`),
);

const person = (email: string, groups: string[], extra: Partial<PolicyInput> = {}) =>
  signedIn({ id: `id-${email}`, email, claims: { groups } }, extra);

describe('example A: domain and group, two users blocked', () => {
  it.each<[string, PolicyInput, string, string[]]>([
    [
      'member of the domain with the group',
      person('alice@example.com', ['admin']),
      'allow',
      ['domain-ok', 'claim-ok'],
    ],
    ['blocked user2', person('user2@example.com', ['admin']), 'deny', ['email-ok']],
    ['blocked user3', person('user3@example.com', ['admin']), 'deny', ['email-ok']],
    [
      'domain without the group',
      person('carol@example.com', ['dev']),
      'deny',
      ['claim-unauthorized'],
    ],
    [
      'group in another domain',
      person('dave@example.org', ['admin']),
      'deny',
      ['domain-unauthorized'],
    ],
    [
      'neither',
      person('erin@example.org', []),
      'deny',
      ['domain-unauthorized', 'claim-unauthorized'],
    ],
    ['anonymous', anonymous(), 'login', ['user-unauthenticated']],
  ])('%s', (_case, input, outcome, reasons) => {
    expect(evaluate(A, input)).toMatchObject({ outcome, reasons });
  });
});

describe('example B: deny every non-GET request', () => {
  const req = (method: string, signed: boolean) =>
    signed
      ? signedIn(undefined, { http: http({ method }) })
      : anonymous({ http: http({ method }) });
  it.each<[string, PolicyInput, string, string[]]>([
    ['signed-in GET', req('GET', true), 'allow', ['user-ok']],
    ['signed-in POST', req('POST', true), 'deny', ['http-method-unauthorized']],
    ['signed-in DELETE', req('DELETE', true), 'deny', ['http-method-unauthorized']],
    ['signed-in, no HTTP request at all', signedIn(), 'deny', ['http-method-unauthorized']],
    ['anonymous GET', req('GET', false), 'login', ['user-unauthenticated']],
    ['anonymous POST', req('POST', false), 'login', ['user-unauthenticated']],
  ])('%s', (_case, input, outcome, reasons) => {
    expect(evaluate(B, input)).toMatchObject({ outcome, reasons });
  });
});

describe('example C: MCP tool allowlist', () => {
  const employee = (mcp?: McpInput) =>
    person('alice@company.com', [], mcp === undefined ? {} : { mcp });
  const call = (name: string): McpInput => ({
    method: 'tools/call',
    id: 3,
    tool_call: { name, arguments: {} },
  });

  it.each<[string, PolicyInput, string, string[], string[]]>([
    ['allowed tool', employee(call('query')), 'allow', ['domain-ok'], ['mcp-tool-no-match']],
    [
      'other allowed tool',
      employee(call('list_tables')),
      'allow',
      ['domain-ok'],
      ['mcp-tool-no-match'],
    ],
    [
      'forbidden tool',
      employee(call('drop_table')),
      'deny',
      ['mcp-tool-match'],
      ['mcp-tool-match'],
    ],
    [
      'tools/list is not filtered',
      employee({ method: 'tools/list', id: 2 }),
      'allow',
      ['domain-ok'],
      ['mcp-not-a-tool-call'],
    ],
    [
      'initialize',
      employee({ method: 'initialize', id: 1 }),
      'allow',
      ['domain-ok'],
      ['mcp-not-a-tool-call'],
    ],
    ['no MCP request at all', employee(), 'allow', ['domain-ok'], ['mcp-not-a-tool-call']],
    [
      'outsider calling an allowed tool',
      person('x@other.com', [], { mcp: call('query') }),
      'deny',
      ['domain-unauthorized'],
      ['mcp-tool-no-match'],
    ],
    [
      'anonymous tools/call',
      anonymous({ mcp: call('query') }),
      'login',
      ['user-unauthenticated'],
      ['mcp-tool-no-match'],
    ],
  ])('%s', (_case, input, outcome, reasons, denyReasons) => {
    const d = evaluate(C, input);
    expect(d).toMatchObject({ outcome, reasons });
    expect(d.deny.reasons).toEqual(denyReasons);
  });

  // pomerium.md §2.7: why mcp_tool belongs in deny, and never under not/nor there.
  it('mcp_tool in allow would block initialize and tools/list', () => {
    const inAllow = compilePolicy({
      allow: { and: [{ domain: 'company.com' }, { mcp_tool: { in: ['query'] } }] },
    });
    expect(evaluate(inAllow, employee(call('query'))).outcome).toBe('allow');
    expect(evaluate(inAllow, employee({ method: 'initialize' })).outcome).toBe('deny');
  });

  it('mcp_tool under not in a deny rule denies every non-tool request', () => {
    const inverted = compilePolicy({
      allow: { and: [{ domain: 'company.com' }] },
      deny: { not: [{ mcp_tool: { in: ['query', 'list_tables'] } }] },
    });
    expect(evaluate(inverted, employee(call('query'))).outcome).toBe('allow');
    expect(evaluate(inverted, employee(call('drop_table'))).outcome).toBe('deny');
    expect(evaluate(inverted, employee({ method: 'tools/list' })).outcome).toBe('deny');
  });
});
