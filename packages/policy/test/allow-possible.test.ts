import { describe, expect, it } from 'vitest';
import {
  allowPossible,
  compilePolicy,
  compileRoutePolicy,
  evaluate,
  parsePolicy,
  type CompiledPolicy,
  type McpInput,
  type PolicyInput,
} from '../src/index.ts';

// allowPossible answers "could this user ever be let in?" before the request is known (OAuth
// consent): MCP criteria are unknown then. It may only say "never" when evaluate() really
// allows no request of that user.

const MCP_UNKNOWN = (name: string) => name.startsWith('mcp_');
const now = new Date('2026-11-27T12:00:00Z');
const as = (email: string, mcp?: McpInput): PolicyInput => ({
  session: { id: 's' },
  user: { id: `id-${email}`, email, groups: email.startsWith('ops') ? ['ops'] : [] },
  ...(mcp === undefined ? {} : { mcp }),
  now,
});
const yaml = (text: string) => compilePolicy(parsePolicy(text));

const CALLS: readonly McpInput[] = [
  { method: 'initialize' },
  { method: 'tools/list' },
  { method: 'tools/call', tool_call: { name: 'echo' } },
  { method: 'tools/call', tool_call: { name: 'delete_all' } },
  { method: 'resources/read' },
];

const POLICIES: Record<string, CompiledPolicy> = {
  'allowed_users plus a tool deny': compileRoutePolicy({
    allowed_users: ['ada@example.com'],
    policy: { deny: { or: [{ mcp_tool: { is: 'delete_all' } }] } },
  }),
  'email AND a tool': yaml(
    'allow: { and: [ { email: { is: bob@example.com } }, { mcp_tool: { in: [echo] } } ] }',
  ),
  'email OR a tool': yaml(
    'allow: { or: [ { email: { is: bob@example.com } }, { mcp_tool: { is: echo } } ] }',
  ),
  'not tools/call': yaml('allow: { not: [ { mcp_method: { is: tools/call } } ] }'),
  'groups, nor with a tool': yaml(
    'allow: { and: [ { groups: { has: ops } }, { nor: [ { mcp_tool: { is: a } }, { mcp_tool: { is: b } } ] } ] }',
  ),
  nothing: compilePolicy(null),
};

describe('allowPossible', () => {
  it('says never for users an identity rule shuts out, whatever MCP criteria follow', () => {
    const p = POLICIES;
    expect(
      allowPossible(p['allowed_users plus a tool deny']!, as('bob@example.com'), MCP_UNKNOWN),
    ).toBe(false);
    expect(
      allowPossible(p['allowed_users plus a tool deny']!, as('ada@example.com'), MCP_UNKNOWN),
    ).toBe(true);
    expect(allowPossible(p['email AND a tool']!, as('eve@example.com'), MCP_UNKNOWN)).toBe(false);
    expect(allowPossible(p['email AND a tool']!, as('bob@example.com'), MCP_UNKNOWN)).toBe(true);
    expect(allowPossible(p['groups, nor with a tool']!, as('eve@example.com'), MCP_UNKNOWN)).toBe(
      false,
    );
    expect(allowPossible(p['groups, nor with a tool']!, as('ops@example.com'), MCP_UNKNOWN)).toBe(
      true,
    );
    expect(allowPossible(p.nothing!, as('ada@example.com'), MCP_UNKNOWN)).toBe(false);
  });

  it('keeps users an unknown criterion could still let in', () => {
    expect(allowPossible(POLICIES['email OR a tool']!, as('eve@example.com'), MCP_UNKNOWN)).toBe(
      true,
    );
    expect(allowPossible(POLICIES['not tools/call']!, as('eve@example.com'), MCP_UNKNOWN)).toBe(
      true,
    );
  });

  it('is never wrong: when it says never, evaluate() allows none of the calls', () => {
    for (const [name, policy] of Object.entries(POLICIES)) {
      for (const email of [
        'ada@example.com',
        'bob@example.com',
        'eve@example.com',
        'ops@example.com',
      ]) {
        const allowedSomewhere = CALLS.some(
          (call) => evaluate(policy, as(email, call)).outcome === 'allow',
        );
        if (allowedSomewhere)
          expect(allowPossible(policy, as(email), MCP_UNKNOWN), `${name} / ${email}`).toBe(true);
      }
    }
  });
});
