import { BlockList, isIP } from 'node:net';

// Special-purpose ranges (IANA IPv4/IPv6 special-purpose registries): nothing a public client
// metadata document can live on. Research §5 D7; MCP security best practices "SSRF".
const BLOCKED_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const BLOCKED_V6: readonly (readonly [string, number])[] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::ffff:0:0', 96], // IPv4-mapped: any IPv4 address in an IPv6 spelling
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments (Teredo, …)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['fc00::', 7], // unique local (ULA)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const blocked = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of BLOCKED_V6) blocked.addSubnet(net, prefix, 'ipv6');

const loopbackV4 = new BlockList();
loopbackV4.addSubnet('127.0.0.0', 8, 'ipv4');

const family = (ip: string) => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');

/** True for 127/8 and ::1 in their plain spellings (an IPv4-mapped loopback stays blocked). */
export function isLoopbackAddress(ip: string): boolean {
  if (isIP(ip) === 4) return loopbackV4.check(ip, 'ipv4');
  return isIP(ip) === 6 && ip.replace(/^(0{0,4}:)+/, '::') === '::1';
}

/**
 * May the server connect to this (resolved, literal) address? Public unicast only; loopback
 * only with the development switch. Anything that is not an IP literal is refused.
 */
export function isAllowedAddress(
  ip: string,
  options: { readonly allowLoopback: boolean },
): boolean {
  if (isIP(ip) === 0) return false;
  if (options.allowLoopback && isLoopbackAddress(ip)) return true;
  return !blocked.check(ip, family(ip));
}
