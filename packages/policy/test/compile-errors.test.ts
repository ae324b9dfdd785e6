import { GatehouseError } from '@gatehouse/core';
import { describe, expect, it } from 'vitest';
import { compilePolicy, PolicyCompileError } from '../src/index.ts';
import { compileIssue, compileIssues } from './support/ppl.ts';

const K1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHBXYBXr/flZbOrTwRDGZB3dVY9R5WEZKYCHMBdRZvDa';
/** A policy with one allow criterion `{ [key]: data }`, at `policy.allow.and[0].<key>`. */
const one = (key: string, data: unknown) => ({ allow: { and: [{ [key]: data }] } });
const AT = 'policy.allow.and[0]';

type Row = [string, unknown, string, string | RegExp];

function expectIssue(policy: unknown, path: string, message: string | RegExp) {
  const issue = compileIssue(policy);
  expect(issue.path).toBe(path);
  if (typeof message === 'string') expect(issue.message).toContain(message);
  else expect(issue.message).toMatch(message);
}

describe('structure', () => {
  it.each<Row>([
    [
      'policy is a string',
      'allow',
      'policy',
      'expected a rule object such as { allow: { and: [...] } }, got string "allow"',
    ],
    [
      'rule in a list is a number',
      [{ allow: { or: [{ accept: true }] } }, 5],
      'policy[1]',
      'expected a rule object such as { allow: { and: [...] } }, got number 5',
    ],
    ['rule is a list', [[{ allow: {} }]], 'policy[0]', 'got a list'],
    [
      'unknown action',
      { permit: { or: [{ accept: true }] } },
      'policy.permit',
      'unsupported action "permit" (expected allow or deny)',
    ],
    [
      'unknown action in the older form',
      { action: 'permit', or: [] },
      'policy.action',
      'unsupported action "permit" (expected allow or deny)',
    ],
    [
      'action that is not a string',
      { action: true, or: [] },
      'policy.action',
      'unsupported action true',
    ],
    [
      'rule body is a list',
      { allow: [{ accept: true }] },
      'policy.allow',
      'expected an object of operators (and, or, not, nor), got a list',
    ],
    [
      'rule body is null',
      { deny: null },
      'policy.deny',
      'expected an object of operators (and, or, not, nor), got null',
    ],
    [
      'unknown rule operator',
      { allow: { xor: [{ accept: true }] } },
      'policy.allow.xor',
      'unknown operator "xor" (expected and, or, not or nor)',
    ],
    [
      'action inside a body that contradicts it',
      { allow: { action: 'deny', or: [{ accept: true }] } },
      'policy.allow.action',
      'action "deny" contradicts the enclosing "allow"',
    ],
    [
      'operator value is an object',
      { allow: { and: { email: 'a' } } },
      'policy.allow.and',
      'expected a list of criteria, got an object',
    ],
    [
      'operator value is a string',
      { allow: { or: 'accept' } },
      'policy.allow.or',
      'expected a list of criteria, got string "accept"',
    ],
    [
      'nested operator value is not a list',
      { allow: { and: [{ or: 'x' }] } },
      'policy.allow.and[0].or',
      'expected a list of criteria',
    ],
    [
      'criterion is a string',
      { allow: { and: ['accept'] } },
      'policy.allow.and[0]',
      'expected a criterion such as { email: { is: a@example.com } }, got string "accept"',
    ],
    [
      'criterion with no key',
      { allow: { and: [{}] } },
      'policy.allow.and[0]',
      'a criterion has exactly one key, got none',
    ],
    [
      'criterion with two keys',
      { allow: { and: [{ email: 'a', domain: 'b' }] } },
      'policy.allow.and[0]',
      'a criterion has exactly one key, got "email", "domain"',
    ],
    [
      'unknown criterion',
      one('emial', 'a@b.c'),
      `${AT}.emial`,
      /^unknown criterion "emial" \(known: accept, reject, .*mcp_tool.*\)$/,
    ],
    [
      'unknown criterion with a path',
      one('clam/groups', 'a'),
      `${AT}.clam/groups`,
      'unknown criterion "clam"',
    ],
    ['operator name used with a path', one('and/x', []), `${AT}.and/x`, 'unknown criterion "and"'],
    [
      'claim without a path',
      one('claim', 'admin'),
      `${AT}.claim`,
      'claim needs a path: claim/<name>, e.g. claim/groups',
    ],
    ['claim with an empty path', one('claim/', 'admin'), `${AT}.claim/`, 'a claim needs a name'],
    [
      'claim with an empty segment',
      one('claim/a//b', 'admin'),
      `${AT}.claim/a//b`,
      'a claim needs a name',
    ],
    [
      'claim deeper than 5 levels',
      one('claim/a/b/c/d/e/f', 'x'),
      `${AT}.claim/a/b/c/d/e/f`,
      'claim paths go at most 5 levels deep (got 6)',
    ],
    [
      'claim deeper than 5 levels with dots',
      one('claim/a.b.c.d.e.f', 'x'),
      `${AT}.claim/a.b.c.d.e.f`,
      'at most 5 levels deep (got 6)',
    ],
    [
      'path on a criterion without paths',
      one('email/work', 'a@b.c'),
      `${AT}.email/work`,
      'email takes no path (write "email", not "email/work")',
    ],
  ])('%s', (_case, policy, path, message) => {
    expectIssue(policy, path, message);
  });

  it('accepts claims of exactly 5 levels and an action key that repeats the enclosing one', () => {
    expect(() => compilePolicy(one('claim/a/b/c/d/e', 'x'))).not.toThrow();
    expect(() => compilePolicy({ deny: { action: 'deny', or: [{ reject: true }] } })).not.toThrow();
  });
});

describe('matchers', () => {
  it.each<Row>([
    [
      'unknown string operator',
      [{ allow: { or: [{ accept: true }] } }, { deny: { and: [{ mcp_tool: { eq: 'x' } }] } }],
      'policy[1].deny.and[0].mcp_tool',
      'unknown operator "eq" (expected one of is, not, contains, starts_with, ends_with, in, not_in)',
    ],
    [
      'unknown string-list operator',
      one('groups', { contains: 'a' }),
      `${AT}.groups`,
      'unknown operator "contains" (expected one of has, is, exclude)',
    ],
    [
      'unknown operator among good ones',
      one('email', { ends_with: '@a.com', matches: '.*' }),
      `${AT}.email`,
      'unknown operator "matches"',
    ],
    [
      'in without a list',
      one('email', { in: 'a@b.c' }),
      `${AT}.email.in`,
      'expected a list of strings, got string "a@b.c"',
    ],
    [
      'not_in without a list',
      one('mcp_tool', { not_in: 'query' }),
      `${AT}.mcp_tool.not_in`,
      'expected a list of strings, got string "query"',
    ],
    [
      'in with an object item',
      one('email', { in: ['a@b.c', { x: 1 }] }),
      `${AT}.email.in[1]`,
      'expected a string, got an object',
    ],
    [
      'bare list for a string matcher',
      one('email', ['a@b.c', 'd@e.f']),
      `${AT}.email`,
      'a list needs an operator: write { in: [...] } to match any of several values',
    ],
    [
      'bare list for a string-list matcher',
      one('groups', ['a', 'b']),
      `${AT}.groups`,
      'expected a string or an object of operators (has, is, exclude), got a list',
    ],
    [
      'list operand',
      one('email', { is: ['a@b.c'] }),
      `${AT}.email.is`,
      'expected a string, got a list',
    ],
    [
      'boolean for a string matcher',
      one('email', true),
      `${AT}.email`,
      'expected a string or an object of operators (is, not, contains, starts_with, ends_with, in, not_in), got boolean true',
    ],
    ['null for a string matcher', one('http_path', null), `${AT}.http_path`, 'got null'],
    [
      'object operand',
      one('user', { starts_with: { a: 1 } }),
      `${AT}.user.starts_with`,
      'expected a string, got an object',
    ],
    [
      'no operator in the object',
      one('domain', {}),
      `${AT}.domain`,
      'no operator given (use one of is, not',
    ],
    [
      'no operator for a string-list',
      one('groups', {}),
      `${AT}.groups`,
      'no operator given (use one of has, is, exclude)',
    ],
    [
      'string-list operand is a list',
      one('claim/groups', { has: ['a'] }),
      `${AT}.claim/groups.has`,
      'expected a string, got a list',
    ],
    [
      'infinite number',
      one('user', { is: Number.POSITIVE_INFINITY }),
      `${AT}.user.is`,
      'expected a string',
    ],
  ])('%s', (_case, policy, path, message) => {
    expectIssue(policy, path, message);
  });
});

describe('criterion data', () => {
  it.each<Row>([
    [
      'source_ip: bad prefix length',
      one('source_ip', '10.0.0.0/33'),
      `${AT}.source_ip`,
      '"10.0.0.0/33" is not an IP address or CIDR range (e.g. 10.0.0.0/8, 2001:db8::/32)',
    ],
    [
      'source_ip: short IPv4',
      one('source_ip', '10.0.0/8'),
      `${AT}.source_ip`,
      '"10.0.0/8" is not an IP address or CIDR range',
    ],
    [
      'source_ip: IPv6 prefix over 128',
      one('source_ip', '2001:db8::/129'),
      `${AT}.source_ip`,
      'is not an IP address or CIDR range',
    ],
    [
      'source_ip: negative prefix',
      one('source_ip', '10.0.0.0/-1'),
      `${AT}.source_ip`,
      'is not an IP address or CIDR range',
    ],
    [
      'source_ip: empty prefix',
      one('source_ip', '10.0.0.0/'),
      `${AT}.source_ip`,
      'is not an IP address or CIDR range',
    ],
    [
      'source_ip: a host name',
      one('source_ip', 'example.com'),
      `${AT}.source_ip`,
      '"example.com" is not an IP address',
    ],
    [
      'source_ip: bad list item',
      one('source_ip', ['10.0.0.0/8', 'banana']),
      `${AT}.source_ip[1]`,
      '"banana" is not an IP address',
    ],
    [
      'source_ip: number list item',
      one('source_ip', ['10.0.0.0/8', 10]),
      `${AT}.source_ip[1]`,
      '"10" is not an IP address',
    ],
    [
      'source_ip: empty list',
      one('source_ip', []),
      `${AT}.source_ip`,
      'expected an IP address, a CIDR range or a list of them, got a list',
    ],
    [
      'source_ip: number',
      one('source_ip', 10),
      `${AT}.source_ip`,
      'expected an IP address, a CIDR range or a list of them, got number 10',
    ],
    [
      'time_of_day: bad time zone',
      one('time_of_day', { after: '09:00', timezone: 'Mars/Olympus' }),
      `${AT}.time_of_day.timezone`,
      'unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Paris)',
    ],
    [
      'time_of_day: empty time zone',
      one('time_of_day', { after: '09:00', timezone: '' }),
      `${AT}.time_of_day.timezone`,
      'unknown time zone ""',
    ],
    [
      'time_of_day: time zone not a string',
      one('time_of_day', { after: '09:00', timezone: 1 }),
      `${AT}.time_of_day.timezone`,
      'expected an IANA time zone name',
    ],
    [
      'time_of_day: one-digit hour',
      one('time_of_day', { after: '9:00' }),
      `${AT}.time_of_day.after`,
      'expected a time "HH:MM" or "HH:MM:SS" (24-hour), got string "9:00"',
    ],
    [
      'time_of_day: hour 24',
      one('time_of_day', { before: '24:00' }),
      `${AT}.time_of_day.before`,
      'expected a time "HH:MM"',
    ],
    [
      'time_of_day: minute 60',
      one('time_of_day', { before: '12:60' }),
      `${AT}.time_of_day.before`,
      'expected a time "HH:MM"',
    ],
    [
      'time_of_day: 12-hour clock',
      one('time_of_day', { after: '9am' }),
      `${AT}.time_of_day.after`,
      'expected a time "HH:MM"',
    ],
    [
      'time_of_day: a number (YAML 1.1 sexagesimal)',
      one('time_of_day', { after: 540 }),
      `${AT}.time_of_day.after`,
      'got number 540',
    ],
    [
      'time_of_day: unknown key',
      one('time_of_day', { from: '09:00' }),
      `${AT}.time_of_day.from`,
      'unknown key "from" (expected after, before or timezone)',
    ],
    [
      'time_of_day: neither bound',
      one('time_of_day', { timezone: 'UTC' }),
      `${AT}.time_of_day`,
      'give after, before or both',
    ],
    [
      'time_of_day: a string',
      one('time_of_day', '09:00-17:00'),
      `${AT}.time_of_day`,
      'expected { after?: "HH:MM", before?: "HH:MM", timezone?: <IANA name> }',
    ],
    [
      'day_of_week: bad day',
      one('day_of_week', 'funday'),
      `${AT}.day_of_week`,
      '"funday" is not a day (use sun, mon, tue, wed, thu, fri, sat)',
    ],
    [
      'day_of_week: bad day in a range',
      one('day_of_week', 'mon-fry'),
      `${AT}.day_of_week`,
      '"fry" is not a day',
    ],
    ['day_of_week: open range', one('day_of_week', 'mon-'), `${AT}.day_of_week`, '"" is not a day'],
    [
      'day_of_week: three-part range',
      one('day_of_week', 'mon-wed-fri'),
      `${AT}.day_of_week`,
      '"mon-wed-fri" is not a day or a range like mon-fri',
    ],
    [
      'day_of_week: bad list item',
      one('day_of_week', ['sat', 'holiday']),
      `${AT}.day_of_week`,
      '"holiday" is not a day',
    ],
    [
      'day_of_week: number list item',
      one('day_of_week', [1]),
      `${AT}.day_of_week`,
      'expected a day name, got number 1',
    ],
    [
      'day_of_week: empty list',
      one('day_of_week', []),
      `${AT}.day_of_week`,
      'expected days such as "mon-fri" or [sat, sun], got a list',
    ],
    [
      'day_of_week: number',
      one('day_of_week', 1),
      `${AT}.day_of_week`,
      'expected days such as "mon-fri" or [sat, sun], got number 1',
    ],
    [
      'day_of_week: bad day in object form',
      one('day_of_week', { days: 'someday' }),
      `${AT}.day_of_week.days`,
      '"someday" is not a day',
    ],
    [
      'day_of_week: object without days',
      one('day_of_week', { timezone: 'UTC' }),
      `${AT}.day_of_week.days`,
      'expected days such as "mon-fri"',
    ],
    [
      'day_of_week: bad time zone',
      one('day_of_week', { days: 'mon', timezone: 'Europe/Pariss' }),
      `${AT}.day_of_week.timezone`,
      'unknown time zone "Europe/Pariss"',
    ],
    [
      'day_of_week: unknown key',
      one('day_of_week', { day: 'mon' }),
      `${AT}.day_of_week.day`,
      'unknown key "day" (expected days or timezone)',
    ],
    [
      'date: month 13',
      one('date', { after: '2026-13-01' }),
      `${AT}.date.after`,
      '"2026-13-01" is not a valid date',
    ],
    [
      'date: 30 February',
      one('date', { after: '2026-02-30' }),
      `${AT}.date.after`,
      '"2026-02-30" is not a valid date',
    ],
    [
      'date: 29 February of a common year',
      one('date', { before: '2026-02-29T00:00:00Z' }),
      `${AT}.date.before`,
      'is not a valid date',
    ],
    [
      'date: 31 April',
      one('date', { before: '2026-04-31' }),
      `${AT}.date.before`,
      '"2026-04-31" is not a valid date',
    ],
    [
      'date: words',
      one('date', { after: 'tomorrow' }),
      `${AT}.date.after`,
      'expected an ISO 8601 date (2026-12-01) or date-time with offset (2026-12-01T09:00:00Z)',
    ],
    [
      'date: date-time without offset',
      one('date', { after: '2026-12-01T09:00:00' }),
      `${AT}.date.after`,
      'expected an ISO 8601 date',
    ],
    [
      'date: a number',
      one('date', { before: 20261201 }),
      `${AT}.date.before`,
      'expected an ISO 8601 date',
    ],
    [
      'date: unknown key',
      one('date', { until: '2026-12-01' }),
      `${AT}.date.until`,
      'unknown key "until" (expected after or before)',
    ],
    ['date: neither bound', one('date', {}), `${AT}.date`, 'give after, before or both'],
    [
      'date: a bare string',
      one('date', '2026-12-01'),
      `${AT}.date`,
      'expected { after?: <date>, before?: <date> }, got string "2026-12-01"',
    ],
    [
      'ssh_publickey: type only',
      one('ssh_publickey', 'ssh-ed25519'),
      `${AT}.ssh_publickey`,
      'not an authorized_keys line: expected "<type> <base64 key> [comment]"',
    ],
    [
      'ssh_publickey: not a key',
      one('ssh_publickey', 'hello world'),
      `${AT}.ssh_publickey`,
      'not an authorized_keys line',
    ],
    [
      'ssh_publickey: options before the key',
      one('ssh_publickey', `from="10.0.0.1" ${K1}`),
      `${AT}.ssh_publickey`,
      'not an authorized_keys line',
    ],
    [
      'ssh_publickey: key that is not base64',
      one('ssh_publickey', 'ssh-ed25519 AAAA$$$$'),
      `${AT}.ssh_publickey`,
      'not an authorized_keys line',
    ],
    [
      'ssh_publickey: bad list item',
      one('ssh_publickey', [K1, 'junk']),
      `${AT}.ssh_publickey[1]`,
      'not an authorized_keys line',
    ],
    [
      'ssh_publickey: number list item',
      one('ssh_publickey', [K1, 7]),
      `${AT}.ssh_publickey[1]`,
      'expected a string, got number 7',
    ],
    [
      'ssh_publickey: only comments',
      one('ssh_publickey', '# nobody\n\n'),
      `${AT}.ssh_publickey`,
      'no keys given',
    ],
    [
      'ssh_publickey: an object',
      one('ssh_publickey', { key: K1 }),
      `${AT}.ssh_publickey`,
      'expected an authorized_keys line or a list of them, got an object',
    ],
  ])('%s', (_case, policy, path, message) => {
    expectIssue(policy, path, message);
  });
});

describe('PolicyCompileError', () => {
  it('has code ERR_POLICY_INVALID, is a GatehouseError, and reads "<path>: <message>" for one issue', () => {
    let error: unknown;
    try {
      compilePolicy([
        { allow: { or: [{ accept: true }] } },
        { deny: { and: [{ mcp_tool: { eq: 'x' } }] } },
      ]);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(PolicyCompileError);
    expect(error).toBeInstanceOf(GatehouseError);
    const e = error as PolicyCompileError;
    expect(e.code).toBe('ERR_POLICY_INVALID');
    expect(e.name).toBe('PolicyCompileError');
    expect(e.message).toBe(
      'policy[1].deny.and[0].mcp_tool: unknown operator "eq" (expected one of is, not, contains, starts_with, ends_with, in, not_in)',
    );
    expect(e.issues).toHaveLength(1);
  });

  it('reports every problem at once, in policy order, and lists them in the message', () => {
    const issues = compileIssues([
      { allow: { and: [{ emial: 'a' }, { email: { eq: 'b' } }, { accept: true }] } },
      { deny: { or: [{ source_ip: '300.0.0.1' }], xor: [] } },
      { permit: {} },
      {
        allow: {
          and: [
            { time_of_day: { after: '25:00' } },
            { day_of_week: { days: 'mon', timezone: 'Nowhere/City' } },
          ],
        },
      },
    ]);
    expect(issues.map((i) => i.path)).toEqual([
      'policy[0].allow.and[0].emial',
      'policy[0].allow.and[1].email',
      'policy[1].deny.or[0].source_ip',
      'policy[1].deny.xor',
      'policy[2].permit',
      'policy[3].allow.and[0].time_of_day.after',
      'policy[3].allow.and[1].day_of_week.timezone',
    ]);
    let error: unknown;
    try {
      compilePolicy({ allow: { and: [{ a: 1 }, { b: 2 }] } });
    } catch (thrown) {
      error = thrown;
    }
    const message = (error as PolicyCompileError).message;
    expect(message).toMatch(
      /^Invalid policy:\n {2}- policy\.allow\.and\[0\]\.a: unknown criterion "a"/,
    );
    expect(message).toContain('\n  - policy.allow.and[1].b: unknown criterion "b"');
  });

  it('uses the root path given to compilePolicy', () => {
    let error: unknown;
    try {
      compilePolicy({ allow: { and: [{ nope: 1 }] } }, { path: 'routes[4].policy' });
    } catch (thrown) {
      error = thrown;
    }
    expect((error as PolicyCompileError).issues).toEqual([
      {
        path: 'routes[4].policy.allow.and[0].nope',
        message: expect.stringContaining('unknown criterion "nope"') as string,
      },
    ]);
  });
});
