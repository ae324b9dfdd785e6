// Preload (`node --import`) for Node programs in the tests: browsers and curl resolve every
// `*.localhost` name to loopback (RFC 6761 §6.3), Node's resolver does not. Test-only.
import dns from 'node:dns';

type Lookup = (hostname: string, ...rest: unknown[]) => unknown;
const lookup = dns.lookup as unknown as Lookup;
(dns as unknown as { lookup: Lookup }).lookup = function lookupLocalhost(
  this: unknown,
  hostname: string,
  ...rest: unknown[]
) {
  const name = hostname.endsWith('.localhost') ? '127.0.0.1' : hostname;
  return lookup.call(this, name, ...rest);
};
