/**
 * An IP address. IPv4 (including IPv4-mapped IPv6, `::ffff:a.b.c.d`, as dual-stack sockets report
 * IPv4 peers) is a 32-bit number on a fast path; other IPv6 addresses are 128-bit bigints.
 */
export type IpAddress =
  { readonly v4: true; readonly value: number } | { readonly v4: false; readonly value: bigint };

export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseV4(text);
  if (v4 !== undefined) return { v4: true, value: v4 };
  const v6 = parseV6(text);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { v4: true, value: Number(v6 & 0xffffffffn) };
  return { v4: false, value: v6 };
}

/** Dotted quad → unsigned 32-bit number, without allocating (this runs on every evaluation). */
function parseV4(text: string): number | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // No leading zeros ("010" is ambiguous: octal to some parsers).
      if (digits > 0 && part === 0) return undefined;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return undefined;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + part;
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
        out.push(Math.floor(v4 / 65536), v4 % 65536);
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
export type IpNetwork =
  | { readonly v4: true; readonly base: number; readonly mask: number }
  | { readonly v4: false; readonly base: bigint; readonly mask: bigint };

/**
 * An IPv4 network (dotted, or IPv4-mapped `::ffff:a.b.c.d/n` whose prefix then counts from bit
 * 96, as Go does) matches IPv4 clients only; any other IPv6 network matches IPv6 clients only.
 */
export function parseNetwork(text: string): IpNetwork | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIp(address);
  if (ip === undefined) return undefined;
  const max = ip.v4 && !address.includes(':') ? 32 : 128;
  let bits = max;
  if (slash >= 0) {
    const suffix = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(suffix) || Number(suffix) > max) return undefined;
    bits = Number(suffix);
  }
  if (ip.v4) {
    const v4bits = max === 32 ? bits : Math.max(0, bits - 96);
    const mask = v4bits === 0 ? 0 : (0xffffffff << (32 - v4bits)) >>> 0;
    return { v4: true, base: (ip.value & mask) >>> 0, mask };
  }
  const prefix = BigInt(bits);
  const mask = prefix === 0n ? 0n : ((1n << prefix) - 1n) << (128n - prefix);
  return { v4: false, base: ip.value & mask, mask };
}

/**
 * As Go's net.IPNet.Contains (which Pomerium uses): families never mix, so `::/0` does not match
 * an IPv4 client.
 */
export function contains(network: IpNetwork, ip: IpAddress): boolean {
  if (network.v4) return ip.v4 && (ip.value & network.mask) >>> 0 === network.base;
  return !ip.v4 && (ip.value & network.mask) === network.base;
}
