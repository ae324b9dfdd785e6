import type { Outcome, PolicyInput } from '@gatehouse/policy';

/** One request the policy is evaluated against, with the outcome policy.yaml must give. */
export interface BenchInput {
  readonly name: string;
  readonly input: PolicyInput;
  readonly expected: Outcome;
}

const NOW = new Date('2026-03-02T10:15:00Z');

/** What a gateway sees on `POST /mcp`: the headers a Streamable HTTP client sends. */
function http(ip: string, method = 'POST'): PolicyInput['http'] & object {
  return {
    method,
    host: 'mcp.example.com',
    path: '/mcp',
    ip,
    headers: {
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      'mcp-protocol-version': '2025-11-25',
      'mcp-session-id': '6f1c9a3e-5d2b-4e7a-9c1f-2a8b7d4e6f10',
      'user-agent': 'claude-code/2.1.0',
    },
  };
}

/** A signed-in user as the identity provider describes them (an OIDC ID token's claims). */
function user(id: string, email: string, groups: string[], extra: Record<string, unknown> = {}) {
  return {
    session: { id: `sess-${id}` },
    user: {
      id,
      email,
      groups,
      claims: {
        iss: 'https://idp.example.com',
        sub: id,
        aud: 'gatehouse',
        iat: 1_772_445_600,
        exp: 1_772_449_200,
        email,
        email_verified: true,
        name: email.split('@')[0],
        groups,
        amr: ['pwd'],
        ...extra,
      },
    },
  };
}

function toolCall(name: string, args: Record<string, unknown>): PolicyInput['mcp'] & object {
  return { method: 'tools/call', id: 7, tool_call: { name, arguments: args } };
}

const employee = user('00u1a2b3c4', 'dana@example.com', ['mcp-users', 'engineering']);

/**
 * The representative requests: an allowed and a forbidden tool call, tool discovery, no
 * session, a blocked user, and a contractor over the VPN (IPv6) calling the write tool.
 */
export const INPUTS: readonly BenchInput[] = [
  {
    name: 'allowed tools/call (employee, search)',
    input: {
      ...employee,
      http: http('10.1.2.3'),
      mcp: toolCall('search', { q: 'q3 roadmap' }),
      now: NOW,
    },
    expected: 'allow',
  },
  {
    name: 'forbidden tools/call (employee, delete_repository)',
    input: {
      ...employee,
      http: http('10.1.2.3'),
      mcp: toolCall('delete_repository', { repo: 'gatehouse' }),
      now: NOW,
    },
    expected: 'deny',
  },
  {
    name: 'tools/list (contractor without MFA, public IP)',
    input: {
      ...user('00u9z8y7x6', 'bob@partner.example', ['partners'], { org: { tier: 'partner' } }),
      http: http('198.51.100.4'),
      mcp: { method: 'tools/list', id: 2 },
      now: NOW,
    },
    expected: 'allow',
  },
  {
    name: 'unauthenticated tools/call',
    input: { http: http('198.51.100.23'), mcp: toolCall('search', { q: 'x' }), now: NOW },
    expected: 'login',
  },
  {
    name: 'blocked user (mallory, search)',
    input: {
      ...user('00u6m5l4k3', 'mallory@example.com', ['mcp-users']),
      http: http('10.9.8.7'),
      mcp: toolCall('search', { q: 'salaries' }),
      now: NOW,
    },
    expected: 'deny',
  },
  {
    name: 'contractor create_ticket (MFA, VPN over IPv6)',
    input: {
      ...user('00u5j4h3g2', 'alice@partner.example', ['partners', 'mcp-writers'], {
        amr: ['pwd', 'mfa'],
        org: { tier: 'partner' },
      }),
      http: http('2001:db8:4a::17'),
      mcp: toolCall('create_ticket', { title: 'Broken link', priority: 'low' }),
      now: NOW,
    },
    expected: 'allow',
  },
];
