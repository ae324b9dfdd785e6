/** An IP address as a 128-bit number; IPv4 addresses are mapped into ::ffff:0:0/96. */
export interface IpAddress {
  readonly value: bigint;
  readonly v4: boolean;
}

const V4_MAPPED = 0xffffn << 32n;

export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseV4(text);
  if (v4 !== undefined) return { value: V4_MAPPED | v4, v4: true };
  const v6 = parseV6(text);
  if (v6 === undefined) return undefined;
  // ::ffff:a.b.c.d is the same host as a.b.c.d (dual-stack sockets report IPv4 peers this way).
  return { value: v6, v4: v6 >> 32n === 0xffffn };
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  const zone = text.indexOf('%');
  const address = zone >= 0 ? text.slice(0, zone) : text;
  if (!/^[0-9a-fA-F:.]+$/.test(address)) return undefined;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  // An embedded dotted quad is allowed only as the last 32 bits (RFC 4291 §2.2, form 3).
  const groups = (part: string | undefined, last: boolean): number[] | undefined => {
    if (part === undefined || part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (last && i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseV4(piece);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0], halves.length === 1);
  const tail = groups(halves[1], true);
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** A network: `10.0.0.0/8`, `2001:db8::/32`, or a single address (`/32`, `/128`). */
export interface IpNetwork {
  readonly base: bigint;
  readonly mask: bigint;
  /** An IPv4 network (dotted, or IPv4-mapped `::ffff:a.b.c.d/n`) matches IPv4 clients only;
   * any other IPv6 network matches IPv6 clients only. */
  readonly v4: boolean;
}

export function parseNetwork(text: string): IpNetwork | undefined {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (ip === undefined) return undefined;
  const max = ip.v4 && !text.slice(0, slash < 0 ? undefined : slash).includes(':') ? 32 : 128;
  let bits = max;
  if (slash >= 0) {
    const suffix = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(suffix) || Number(suffix) > max) return undefined;
    bits = Number(suffix);
  }
  const prefix = BigInt(128 - max + bits);
  const mask = prefix === 0n ? 0n : ((1n << prefix) - 1n) << (128n - prefix);
  return { base: ip.value & mask, mask, v4: ip.v4 };
}

/**
 * As Go's net.IPNet.Contains (which Pomerium uses): families never mix, so `::/0` does not match
 * an IPv4 client; IPv4-mapped addresses and networks (`::ffff:10.1.2.3`) count as IPv4.
 */
export function contains(network: IpNetwork, ip: IpAddress): boolean {
  return network.v4 === ip.v4 && (ip.value & network.mask) === network.base;
}
