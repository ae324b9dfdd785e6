import { BlockList, isIP, isIPv6 } from 'node:net';

/**
 * Who the client is. X-Forwarded-For / -Proto are believed only when the socket peer is a
 * configured trusted proxy; then the client is the right-most address that is not itself a
 * trusted proxy (each proxy appends the peer it saw).
 */
export interface ClientAddressResolver {
  resolve(
    peer: string,
    headers: Readonly<Record<string, string | string[] | undefined>>,
    ownProto: 'http' | 'https',
  ): {
    ip: string;
    proto: 'http' | 'https';
    /** The chain to send on: prior hops (from trusted proxies only) plus the client. */
    forwardedFor: string;
  };
}

const unmap = (ip: string) => (ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip);
const family = (ip: string) => (isIPv6(ip) ? 'ipv6' : 'ipv4');

export function createClientAddressResolver(trusted: readonly string[]): ClientAddressResolver {
  const list = new BlockList();
  for (const entry of trusted) {
    const [address = '', prefix] = entry.split('/');
    const type = family(address);
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  const isTrusted = (ip: string) => trusted.length > 0 && list.check(ip, family(ip));

  return {
    resolve(rawPeer, headers, ownProto) {
      const peer = unmap(rawPeer);
      if (!isTrusted(peer)) return { ip: peer, proto: ownProto, forwardedFor: peer };
      const header = headers['x-forwarded-for'];
      const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
        .split(',')
        .map((h) => unmap(h.trim()))
        .filter((h) => h !== '');
      let ip = peer;
      for (let i = hops.length - 1; i >= 0; i -= 1) {
        const hop = hops[i] ?? '';
        if (isIP(hop) === 0) break; // garbage: stop at the last address we could read
        ip = hop;
        if (!isTrusted(hop)) break;
      }
      const protoHeader = headers['x-forwarded-proto'];
      const claimed = (Array.isArray(protoHeader) ? protoHeader[0] : protoHeader)
        ?.split(',')[0]
        ?.trim()
        .toLowerCase();
      const proto = claimed === 'https' || claimed === 'http' ? claimed : ownProto;
      return { ip, proto, forwardedFor: [...hops, peer].join(', ') };
    },
  };
}

/**
 * The resolver for the current `trusted_proxies`, rebuilt only when a config reload changed the
 * list (the BlockList is built once per list, not per request).
 */
export function createReloadingResolver(
  trusted: () => readonly string[],
): () => ClientAddressResolver {
  let builtFor: readonly string[] | undefined;
  let resolver: ClientAddressResolver | undefined;
  return () => {
    const current = trusted();
    if (resolver === undefined || builtFor !== current) {
      resolver = createClientAddressResolver(current);
      builtFor = current;
    }
    return resolver;
  };
}
