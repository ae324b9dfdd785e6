import { IssueError } from '../errors.ts';
import { describe } from '../matchers/scalar.ts';
import { contains, parseIp, parseNetwork, type IpNetwork } from '../net/ip.ts';
import { result, type Criterion } from './criterion.ts';

const OK = result(true, 'source-ip-ok');
const UNAUTHORIZED = result(false, 'source-ip-unauthorized');

/** True when the client IP is in one of the given addresses or CIDR ranges (IPv4 and IPv6). */
export const sourceIp: Criterion = {
  name: 'source_ip',
  compile(data) {
    const entries = typeof data === 'string' ? [data] : Array.isArray(data) ? data : undefined;
    if (entries === undefined || entries.length === 0) {
      throw new IssueError(
        `expected an IP address, a CIDR range or a list of them, got ${describe(data)}`,
      );
    }
    const networks: IpNetwork[] = entries.map((entry, i) => {
      const at = Array.isArray(data) ? `[${i}]` : '';
      const network = typeof entry === 'string' ? parseNetwork(entry.trim()) : undefined;
      if (network === undefined) {
        throw new IssueError(
          `"${String(entry)}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, 2001:db8::/32)`,
          at,
        );
      }
      return network;
    });
    return (input) => {
      const ip = input.http === undefined ? undefined : parseIp(input.http.ip);
      return ip !== undefined && networks.some((n) => contains(n, ip)) ? OK : UNAUTHORIZED;
    };
  },
};
