import { expect, it } from 'vitest';
import { anonymous, compileIssue, http, judge } from './support/ppl.ts';

// Regression: the IPv6 parser took a dotted quad anywhere before `::` (`1.2.3.4::` parsed as
// 102:304::), so malformed addresses and CIDR ranges were accepted. RFC 4291 §2.2 allows an
// embedded IPv4 address only as the last 32 bits.
it.each(['1.2.3.4::', '1.2.3.4::5', '::1.2.3.4:5'])('a client IP %s is invalid', (ip) => {
  expect(judge('source_ip', '::/0', anonymous({ http: http({ ip }) })).value).toBe(false);
});

it('a source_ip range 1.2.3.4::/96 is a compile error', () => {
  expect(compileIssue({ allow: { or: [{ source_ip: '1.2.3.4::/96' }] } })).toEqual({
    path: 'policy.allow.or[0].source_ip',
    message: expect.stringContaining('"1.2.3.4::/96" is not an IP address or CIDR range') as string,
  });
});

it('the valid forms still parse: ::ffff:1.2.3.4 and 64:ff9b::1.2.3.4', () => {
  const client = (ip: string) => anonymous({ http: http({ ip }) });
  expect(judge('source_ip', '1.2.3.0/24', client('::ffff:1.2.3.4')).value).toBe(true);
  expect(judge('source_ip', '64:ff9b::/96', client('64:ff9b::1.2.3.4')).value).toBe(true);
});
