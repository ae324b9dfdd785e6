import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  compilePolicy,
  evaluate,
  parsePolicy,
  UNAUTHENTICATED,
  type CriterionResult,
  type Decision,
  type PolicyInput,
} from '../src/index.ts';

// ---- Well-formed policies -------------------------------------------------------------------

const K1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHBXYBXr/flZbOrTwRDGZB3dVY9R5WEZKYCHMBdRZvDa';
const K2 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICsDH0UjApUb1TgqwWcEu7blDqklqe7J8HWQ7IKpZAxO';
// A small vocabulary shared by policies and inputs, so that criteria often match.
const WORDS = [
  '',
  'a',
  'GET',
  'POST',
  'OPTIONS',
  'query',
  'drop_table',
  'admin',
  'dev',
  'example.com',
  'alice@example.com',
  'u-alice',
  'alice',
  '/',
  '/admin',
  'tools/call',
  'tools/list',
  'initialize',
];
const TIME_ZONES = [
  'UTC',
  'Europe/Paris',
  'America/Los_Angeles',
  'Pacific/Kiritimati',
  'Asia/Kolkata',
];
const OPERATORS = ['and', 'or', 'not', 'nor'] as const;

const word = fc.constantFrom(...WORDS);
const words = fc.array(word, { maxLength: 3 });
const nonEmpty = (o: object) => Object.keys(o).length > 0;

const stringMatcher = fc.oneof(
  word,
  fc
    .record(
      {
        is: word,
        not: word,
        contains: word,
        starts_with: word,
        ends_with: word,
        in: words,
        not_in: words,
      },
      { requiredKeys: [] },
    )
    .filter(nonEmpty),
);
const listMatcher = fc.oneof(
  word,
  fc.record({ has: word, is: word, exclude: word }, { requiredKeys: [] }).filter(nonEmpty),
);
const claimPath = fc
  .tuple(
    fc.array(fc.constantFrom('groups', 'department', 'address', 'country', 'a', 'b'), {
      minLength: 1,
      maxLength: 5,
    }),
    fc.array(fc.constantFrom('/', '.'), { minLength: 4, maxLength: 4 }),
  )
  .map(([keys, seps]) => keys.map((k, i) => (i === 0 ? k : `${seps[i - 1] ?? '/'}${k}`)).join(''));
const cidr = fc.constantFrom(
  '10.0.0.0/8',
  '0.0.0.0/0',
  '::/0',
  '192.0.2.1',
  '2001:db8::/32',
  '::ffff:10.0.0.0/104',
  'fe80::/10',
);
const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const timeZone = fc.constantFrom(...TIME_ZONES);
const days = fc.oneof(
  fc.constantFrom('mon-fri', 'sat,sun', 'fri-mon', 'wed', 'sunday'),
  fc.array(fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'sat-sun'), {
    minLength: 1,
    maxLength: 3,
  }),
);
const isoDate = fc
  .tuple(
    fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
    fc.boolean(),
  )
  .map(([d, dateOnly]) => (dateOnly ? d.toISOString().slice(0, 10) : d.toISOString()));

const criterion: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constantFrom<Record<string, unknown>>(
    { accept: true },
    { reject: true },
    { authenticated_user: true },
    { cors_preflight: true },
    { ssh_username_matches_email: true },
  ),
  fc
    .tuple(
      fc.constantFrom(
        'email',
        'domain',
        'user',
        'http_method',
        'http_path',
        'mcp_tool',
        'mcp_method',
        'ssh_username',
      ),
      stringMatcher,
    )
    .map(([name, data]) => ({ [name]: data })),
  listMatcher.map((data) => ({ groups: data })),
  fc.tuple(claimPath, listMatcher).map(([path, data]) => ({ [`claim/${path}`]: data })),
  fc
    .oneof(cidr, fc.array(cidr, { minLength: 1, maxLength: 3 }))
    .map((data) => ({ source_ip: data })),
  fc
    .record({ after: clock, before: clock, timezone: timeZone }, { requiredKeys: [] })
    .filter((o) => ('after' in o || 'before' in o) && o.after !== o.before)
    .map((data) => ({ time_of_day: data })),
  fc
    .oneof(days, fc.record({ days, timezone: timeZone }, { requiredKeys: ['days'] }))
    .map((data) => ({ day_of_week: data })),
  fc
    .record({ after: isoDate, before: isoDate }, { requiredKeys: [] })
    .filter(nonEmpty)
    .map((data) => ({ date: data })),
  fc
    .constantFrom<unknown>(K1, `${K1} alice\n# old\n${K2} bob\n`, [K2, `${K1} c`])
    .map((data) => ({ ssh_publickey: data })),
);

// A criterion or a nested operator block with at least one child.
const { node } = fc.letrec<{ node: unknown; block: unknown }>((tie) => ({
  node: fc.oneof({ maxDepth: 3, depthIdentifier: 'node' }, criterion, tie('block')),
  block: fc
    .tuple(fc.constantFrom(...OPERATORS), fc.array(tie('node'), { minLength: 1, maxLength: 3 }))
    .map(([op, children]) => ({ [op]: children })),
}));
const nodes = fc.array(node, { minLength: 1, maxLength: 4 });
const body = fc.record(
  {
    and: fc.array(node, { maxLength: 3 }),
    or: fc.array(node, { maxLength: 3 }),
    not: fc.array(node, { maxLength: 3 }),
    nor: fc.array(node, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const rule = fc.record({ allow: body, deny: body }, { requiredKeys: [] });
const policy: fc.Arbitrary<unknown> = fc.oneof(rule, fc.array(rule, { maxLength: 3 }));

// ---- Inputs, including odd ones ----------------------------------------------------------------

const ip = fc.oneof(
  fc.constantFrom(
    '10.1.2.3',
    '192.0.2.1',
    '::1',
    '2001:db8::5',
    '::ffff:10.0.0.1',
    'fe80::1%eth0',
    '',
    'garbage',
    '1.2.3.4::',
    '300.1.1.1',
    '010.0.0.1',
  ),
  fc.ipV4(),
  fc.ipV6(),
  fc.string(),
);
const input = fc.record(
  {
    http: fc.record({
      method: fc.oneof(word, fc.string()),
      host: word,
      path: fc.oneof(word, fc.string()),
      ip,
      headers: fc.record(
        {
          origin: fc.option(word, { nil: undefined }),
          'access-control-request-method': fc.option(word, { nil: undefined }),
        },
        { requiredKeys: [] },
      ),
    }),
    session: fc.record({ id: word }),
    user: fc.record(
      {
        id: word,
        email: fc.oneof(word, fc.emailAddress(), fc.string()),
        groups: words,
        claims: fc.oneof(
          fc.record(
            {
              groups: fc.oneof(words, word, fc.integer()),
              department: fc.oneof(word, fc.boolean()),
              address: fc.record({ country: word, a: fc.anything() }, { requiredKeys: [] }),
              a: fc.anything(),
            },
            { requiredKeys: [] },
          ),
          fc.object(),
        ),
      },
      { requiredKeys: ['id'] },
    ),
    mcp: fc.record(
      {
        method: word,
        id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        tool_call: fc.record(
          {
            name: fc.oneof(word, fc.string()),
            arguments: fc.dictionary(fc.string(), fc.jsonValue()),
          },
          { requiredKeys: ['name'] },
        ),
      },
      { requiredKeys: ['method'] },
    ),
    ssh: fc.record({
      username: fc.oneof(word, fc.string()),
      publickey: fc.constantFrom(K1, `${K2} c`, '', 'junk', K1.slice(0, 30)),
    }),
    // Any instant, instants near now, and Invalid Date.
    now: fc.oneof(
      fc.date(),
      fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01') }),
      fc.constant(new Date(Number.NaN)),
    ),
  },
  { requiredKeys: ['now'] },
) as unknown as fc.Arbitrary<PolicyInput>;

// ---- Helpers -------------------------------------------------------------------------------

/** Number of criteria in a policy document (operators are not criteria). */
function countCriteria(doc: unknown): number {
  if (Array.isArray(doc)) return doc.reduce((n: number, d) => n + countCriteria(d), 0);
  if (typeof doc !== 'object' || doc === null) return 0;
  let n = 0;
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'allow' || key === 'deny') n += countCriteria(value);
    else if ((OPERATORS as readonly string[]).includes(key)) n += countCriteria(value);
    else n += 1;
  }
  return n;
}

/** The verdict of one node, alone in an `and` of its own (which keeps its reasons unchanged). */
function verdict(n: unknown, i: PolicyInput): CriterionResult {
  return evaluate(compilePolicy({ allow: { and: [n] } }), i).allow;
}

function union(results: readonly CriterionResult[]): string[] {
  return [...new Set(results.flatMap((r) => r.reasons))];
}

function expectConsistent(d: Decision) {
  const unauthenticated =
    d.allow.reasons.includes(UNAUTHENTICATED) || d.deny.reasons.includes(UNAUTHENTICATED);
  const outcome = unauthenticated
    ? 'login'
    : d.deny.value
      ? 'deny'
      : d.allow.value
        ? 'allow'
        : 'deny';
  expect(d.outcome).toBe(outcome);
}

// ---- Properties ------------------------------------------------------------------------------

describe('properties', () => {
  it('well-formed policies compile, and evaluation never throws on any input', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(policy, input, (doc, i) => {
        const d = evaluate(compilePolicy(doc), i);
        seen.set(d.outcome, (seen.get(d.outcome) ?? 0) + 1);
        expect(['allow', 'deny', 'login']).toContain(d.outcome);
        expect(d.trace).toHaveLength(countCriteria(doc));
        expect(new Set(d.trace.map((t) => t.path)).size).toBe(d.trace.length);
        expectConsistent(d);
      }),
      { numRuns: 300 },
    );
    // The generators reach every outcome, so the checks above are not vacuous.
    expect([...seen.keys()].sort()).toEqual(['allow', 'deny', 'login']);
  });

  it('evaluation is deterministic (same policy and input, fresh compile, same decision)', () => {
    fc.assert(
      fc.property(policy, input, (doc, i) => {
        const compiled = compilePolicy(doc);
        const first = evaluate(compiled, i);
        expect(evaluate(compiled, i)).toEqual(first);
        expect(evaluate(compilePolicy(structuredClone(doc)), { ...i })).toEqual(first);
      }),
    );
  });

  it('not is "none true" (¬A ∧ ¬B …) and keeps the reasons §3.2 says', () => {
    fc.assert(
      fc.property(nodes, input, (children, i) => {
        const parts = children.map((c) => verdict(c, i));
        const value = parts.every((p) => !p.value);
        const got = evaluate(compilePolicy({ allow: { not: children } }), i).allow;
        expect(got.value).toBe(value);
        expect(got.reasons).toEqual(union(value ? parts : parts.filter((p) => p.value)));
      }),
    );
  });

  it('nor is "not all true" (¬A ∨ ¬B …) and keeps the reasons §3.2 says', () => {
    fc.assert(
      fc.property(nodes, input, (children, i) => {
        const parts = children.map((c) => verdict(c, i));
        const value = parts.some((p) => !p.value);
        const got = evaluate(compilePolicy({ allow: { nor: children } }), i).allow;
        expect(got.value).toBe(value);
        expect(got.reasons).toEqual(union(value ? parts.filter((p) => !p.value) : parts));
      }),
    );
  });

  it('and and or agree with their definitions and keep the reasons §3.2 says', () => {
    fc.assert(
      fc.property(nodes, input, (children, i) => {
        const parts = children.map((c) => verdict(c, i));
        const all = parts.every((p) => p.value);
        const some = parts.some((p) => p.value);
        expect(evaluate(compilePolicy({ allow: { and: children } }), i).allow).toEqual({
          value: all,
          reasons: union(all ? parts : parts.filter((p) => !p.value)),
        });
        expect(evaluate(compilePolicy({ allow: { or: children } }), i).allow).toEqual({
          value: some,
          reasons: union(some ? parts.filter((p) => p.value) : parts),
        });
      }),
    );
  });

  it('adding a deny rule never turns a deny or a login into an allow', () => {
    fc.assert(
      fc.property(policy, body, input, (doc, extra, i) => {
        const before = evaluate(compilePolicy(doc), i).outcome;
        const rules: unknown[] = Array.isArray(doc) ? (doc as unknown[]) : [doc];
        const after = evaluate(compilePolicy([...rules, { deny: extra }]), i).outcome;
        if (before !== 'allow') expect(after).not.toBe('allow');
      }),
      { numRuns: 300 },
    );
  });

  it('YAML and JSON spellings of a policy give identical decisions and traces', () => {
    fc.assert(
      fc.property(policy, input, (doc, i) => {
        const fromJson = compilePolicy(parsePolicy(JSON.stringify(doc)));
        const fromYaml = compilePolicy(parsePolicy(stringify(doc)));
        expect(evaluate(fromYaml, i)).toEqual(evaluate(fromJson, i));
        expect(evaluate(fromJson, i)).toEqual(evaluate(compilePolicy(doc), i));
      }),
    );
  });
});
