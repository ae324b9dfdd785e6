import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate } from '../src/index.ts';
import { anonymous, http, judge } from './support/ppl.ts';

const from = (ip: string) => anonymous({ http: http({ ip }) });
const check = (data: unknown, ip: string) => judge('source_ip', data, from(ip));

describe('source_ip', () => {
  it.each<[string, unknown, string, boolean]>([
    ['IPv4 address, same', '192.0.2.10', '192.0.2.10', true],
    ['IPv4 address, other', '192.0.2.10', '192.0.2.11', false],
    ['IPv4 /32', '192.0.2.10/32', '192.0.2.10', true],
    ['IPv4 /24, inside', '10.1.2.0/24', '10.1.2.255', true],
    ['IPv4 /24, outside', '10.1.2.0/24', '10.1.3.0', false],
    ['IPv4 /8, inside', '10.0.0.0/8', '10.255.0.1', true],
    ['IPv4 /8 written with host bits', '10.9.9.9/8', '10.1.1.1', true],
    ['IPv4 /0 matches every IPv4 client', '0.0.0.0/0', '198.51.100.1', true],
    ['IPv4 /0 does not match an IPv6 client', '0.0.0.0/0', '2001:db8::1', false],
    ['IPv4 /31 boundary', '192.0.2.0/31', '192.0.2.1', true],
    ['IPv4 /31 just outside', '192.0.2.0/31', '192.0.2.2', false],
    ['IPv6 address, same', '2001:db8::1', '2001:db8::1', true],
    [
      'IPv6 address, other spelling',
      '2001:db8::1',
      '2001:0db8:0000:0000:0000:0000:0000:0001',
      true,
    ],
    ['IPv6 address, upper case', '2001:db8::abcd', '2001:DB8::ABCD', true],
    ['IPv6 address, other', '2001:db8::1', '2001:db8::2', false],
    ['IPv6 /32, inside', '2001:db8::/32', '2001:db8:ffff::1', true],
    ['IPv6 /32, outside', '2001:db8::/32', '2001:db9::1', false],
    ['IPv6 /64, inside', 'fd00:1:2:3::/64', 'fd00:1:2:3:a:b:c:d', true],
    ['IPv6 /64, outside', 'fd00:1:2:3::/64', 'fd00:1:2:4::1', false],
    ['IPv6 /128', '::1/128', '::1', true],
    ['IPv6 with a zone index', 'fe80::/10', 'fe80::1%eth0', true],
    ['IPv6 CIDR does not match an IPv4 client outside it', '2001:db8::/32', '192.0.2.1', false],
    ['IPv4-mapped IPv6 client in an IPv4 CIDR', '10.0.0.0/8', '::ffff:10.1.2.3', true],
    ['IPv4-mapped IPv6 client (hex) in an IPv4 CIDR', '10.0.0.0/8', '::ffff:a01:203', true],
    ['IPv4-mapped IPv6 client outside an IPv4 CIDR', '10.0.0.0/8', '::ffff:11.1.2.3', false],
    ['IPv4 client in an IPv4-mapped CIDR', '::ffff:10.0.0.0/104', '10.20.30.40', true],
    ['IPv4 client, IPv4-mapped address', '::ffff:192.0.2.1', '192.0.2.1', true],
    ['IPv4-compatible (::a.b.c.d) is not IPv4', '192.0.2.1', '::192.0.2.1', false],
    ['list: first entry', ['10.0.0.0/8', '2001:db8::/32'], '10.1.1.1', true],
    ['list: second entry', ['10.0.0.0/8', '2001:db8::/32'], '2001:db8::5', true],
    ['list: none', ['10.0.0.0/8', '2001:db8::/32'], '172.16.0.1', false],
    ['list of one', ['192.0.2.1'], '192.0.2.1', true],
    ['whitespace around the configured entry', ' 10.0.0.0/8 ', '10.0.0.1', true],
  ])('%s', (_case, data, ip, value) => {
    expect(check(data, ip)).toEqual({
      value,
      reasons: [value ? 'source-ip-ok' : 'source-ip-unauthorized'],
    });
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not-an-ip'],
    ['IPv4 octet over 255', '10.0.0.256'],
    ['IPv4 with three octets', '10.0.1'],
    ['IPv4 with five octets', '10.0.0.1.5'],
    ['IPv4 with a leading zero', '010.0.0.1'],
    ['IPv4 with a port', '10.0.0.1:443'],
    ['IPv4 with a prefix', '10.0.0.1/8'],
    ['IPv4 with spaces', ' 10.0.0.1'],
    ['IPv4 with a sign', '+10.0.0.1'],
    ['IPv6 with two ::', '2001::db8::1'],
    ['IPv6 with nine groups', '1:2:3:4:5:6:7:8:9'],
    ['IPv6 with seven groups and no ::', '1:2:3:4:5:6:7'],
    ['IPv6 with a 5-digit group', '2001:db8::12345'],
    ['IPv6 with brackets', '[2001:db8::1]'],
    ['IPv6 with :::', '2001:::1'],
    ['IPv6, :: standing for no group', '1:2:3:4:5:6:7:8::'],
    ['IPv6 with a bad embedded IPv4', '::ffff:10.0.0.256'],
    ['bare zone', '%eth0'],
  ])('an invalid client IP is simply false: %s', (_case, ip) => {
    expect(check(['0.0.0.0/0', '::/0'], ip)).toEqual({
      value: false,
      reasons: ['source-ip-unauthorized'],
    });
  });

  it('is false without an HTTP request', () => {
    expect(judge('source_ip', '0.0.0.0/0', anonymous())).toEqual({
      value: false,
      reasons: ['source-ip-unauthorized'],
    });
  });
});

describe('source_ip families (as Go net.IPNet.Contains)', () => {
  it.each([
    ['::/0', '192.0.2.1', false],
    ['::/0', '2001:db8::1', true],
    ['0.0.0.0/0', '2001:db8::1', false],
    ['0.0.0.0/0', '::ffff:192.0.2.1', true],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    const policy = compilePolicy({ allow: { and: [{ source_ip: cidr }] } });
    const decision = evaluate(policy, {
      http: { method: 'GET', host: 'h', path: '/', ip, headers: {} },
      now: new Date(),
    });
    expect(decision.allow.value).toBe(expected);
  });
});
