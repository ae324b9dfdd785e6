import { describe, expect, it } from 'vitest';
import {
  compilePolicy,
  evaluate,
  parsePolicy,
  PolicyParseError,
  type PolicyInput,
} from '../src/index.ts';
import { ALICE, anonymous, http, signedIn } from './support/ppl.ts';

const K1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHBXYBXr/flZbOrTwRDGZB3dVY9R5WEZKYCHMBdRZvDa';
const K2 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICsDH0UjApUb1TgqwWcEu7blDqklqe7J8HWQ7IKpZAxO';

// The same policies in YAML (block and flow style) and in JSON.
const PAIRS: [string, string, string][] = [
  [
    'example C',
    `
allow:
  and:
    - domain:
        is: example.com
deny:
  and:
    - mcp_tool:
        not_in: [query, list_tables]
`,
    '{"allow":{"and":[{"domain":{"is":"example.com"}}]},"deny":{"and":[{"mcp_tool":{"not_in":["query","list_tables"]}}]}}',
  ],
  [
    'a list of rules with every kind of value',
    `
- allow:
    or:
      - claim/groups: admin
      - claim/address.country: { is: FR }
      - user: 12345
      - source_ip: [10.0.0.0/8, "2001:db8::/32"]
- allow:
    and:
      - day_of_week: { days: mon-fri, timezone: Europe/Paris }
      - time_of_day: { after: 09:00, before: 17:30, timezone: Europe/Paris }
      - date: { before: 2027-01-01 }
- deny:
    nor:
      - http_method: { in: [GET, HEAD] }
      - ssh_publickey: |
          ${K1} alice@laptop
          # ${K2} retired
- deny:
    not:
      - authenticated_user: true
`,
    JSON.stringify([
      {
        allow: {
          or: [
            { 'claim/groups': 'admin' },
            { 'claim/address.country': { is: 'FR' } },
            { user: 12345 },
            { source_ip: ['10.0.0.0/8', '2001:db8::/32'] },
          ],
        },
      },
      {
        allow: {
          and: [
            { day_of_week: { days: 'mon-fri', timezone: 'Europe/Paris' } },
            { time_of_day: { after: '09:00', before: '17:30', timezone: 'Europe/Paris' } },
            { date: { before: '2027-01-01' } },
          ],
        },
      },
      {
        deny: {
          nor: [
            { http_method: { in: ['GET', 'HEAD'] } },
            { ssh_publickey: `${K1} alice@laptop\n# ${K2} retired\n` },
          ],
        },
      },
      { deny: { not: [{ authenticated_user: true }] } },
    ]),
  ],
];

const INPUTS: [string, PolicyInput][] = [
  ['anonymous', anonymous()],
  ['alice GET', signedIn(undefined, { http: http({ method: 'GET', ip: '10.1.1.1' }) })],
  ['alice POST from outside', signedIn(undefined, { http: http({ method: 'POST' }) })],
  [
    'alice tools/call drop',
    signedIn(undefined, { mcp: { method: 'tools/call', tool_call: { name: 'drop' } } }),
  ],
  [
    'alice tools/call query',
    signedIn(undefined, { mcp: { method: 'tools/call', tool_call: { name: 'query' } } }),
  ],
  [
    'user 12345 over SSH',
    signedIn(
      { id: '12345', claims: { address: { country: 'FR' } } },
      { ssh: { username: 'x', publickey: K1 } },
    ),
  ],
  ['Monday 10:00 Paris', signedIn(ALICE, { now: new Date('2026-03-09T09:00:00Z') })],
];

describe('YAML and JSON', () => {
  it.each(PAIRS)('%s: parse to the same document', (_case, yaml, json) => {
    expect(parsePolicy(yaml)).toEqual(parsePolicy(json));
    expect(parsePolicy(json)).toEqual(JSON.parse(json));
  });

  it.each(PAIRS)('%s: give identical decisions and traces', (_case, yaml, json) => {
    const fromYaml = compilePolicy(parsePolicy(yaml));
    const fromJson = compilePolicy(parsePolicy(json));
    const outcomes = new Set<string>();
    for (const [, input] of INPUTS) {
      const a = evaluate(fromYaml, input);
      expect(a).toEqual(evaluate(fromJson, input));
      outcomes.add(a.outcome);
    }
    // The inputs exercise more than one outcome, so equal decisions mean something.
    expect(outcomes.size).toBeGreaterThan(1);
  });

  it('reads YAML 1.2: unquoted 09:00 and 2027-01-01 stay strings, yes/on stay strings', () => {
    expect(parsePolicy('a: 09:00\nb: 2027-01-01\nc: yes\nd: on\ne: 12345')).toEqual({
      a: '09:00',
      b: '2027-01-01',
      c: 'yes',
      d: 'on',
      e: 12345,
    });
  });

  it('reads an empty document as no policy (which allows nothing)', () => {
    expect(parsePolicy('')).toBeNull();
    expect(evaluate(compilePolicy(parsePolicy('# nothing yet\n')), signedIn()).outcome).toBe(
      'deny',
    );
  });
});

describe('parse errors', () => {
  it.each<[string, string, number]>([
    ['unclosed flow sequence', 'allow:\n  and: [\n    { accept: true }\n', 4],
    ['invalid JSON', '{"allow": {"and": [}}', 1],
    ['duplicate key', 'allow:\n  and: []\nallow:\n  or: []\n', 3],
    ['duplicate JSON key', '{"deny": {}, "deny": {}}', 1],
    ['two documents', 'allow: {}\n---\ndeny: {}\n', 2],
    ['bad indentation', 'allow:\n  and:\n    - accept: true\n   - reject: true\n', 4],
    ['tab indentation', 'allow:\n\tand: []\n', 2],
  ])('%s → PolicyParseError naming line %i', (_case, text, line) => {
    let error: unknown;
    try {
      parsePolicy(text);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(PolicyParseError);
    const e = error as PolicyParseError;
    expect(e.code).toBe('ERR_POLICY_PARSE');
    expect(e.name).toBe('PolicyParseError');
    expect(e.message).toMatch(
      new RegExp(`^Policy is not valid YAML or JSON at line ${line}, column \\d+: \\S`),
    );
    expect(e.cause).toBeInstanceOf(Error);
  });
});
