/**
 * `ipInRange(ip, cidr)` for the CEL baselines: neither CEL library has Kubernetes' `ip()` and
 * `cidr()` extensions, so the bench registers this function in both. It is written to be cheap
 * (no BigInt, no regular expressions, each range parsed once and cached) so that the baselines
 * are not slowed down by our helper: a CEL deployment would register something like it.
 * As Go's net.IPNet.Contains (and so @gatehouse/policy), address families never mix.
 */

/** An address as eight 16-bit groups; IPv4 in the last two (the ::ffff:0:0/96 mapping). */
type Groups = readonly number[];

interface Range {
  readonly v4: boolean;
  readonly base: Groups;
  /** Prefix length in bits, over the 128-bit (mapped) address. */
  readonly bits: number;
}

const ranges = new Map<string, Range | null>();
const MAPPED = '::ffff:';

/** True when `ip` is inside `cidr`, both of one family; false for anything that does not parse. */
export function ipInRange(ip: string, cidr: string): boolean {
  let range = ranges.get(cidr);
  if (range === undefined) {
    range = parseRange(cidr) ?? null;
    ranges.set(cidr, range);
  }
  if (range === null) return false;
  // An IPv4-mapped address (::ffff:a.b.c.d, as dual-stack sockets report IPv4 peers) is IPv4.
  const text =
    ip.includes('.') && ip.toLowerCase().startsWith(MAPPED) ? ip.slice(MAPPED.length) : ip;
  const v4 = !text.includes(':');
  if (range.v4 !== v4) return false;
  const address = v4 ? parseV4(text) : parseV6(text);
  if (address === undefined) return false;
  let bits = range.bits;
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if (((address[i] ?? 0) & mask) !== (range.base[i] ?? 0)) return false;
  }
  return true;
}

function parseRange(cidr: string): Range | undefined {
  const slash = cidr.indexOf('/');
  const text = slash < 0 ? cidr : cidr.slice(0, slash);
  const v4 = !text.includes(':');
  const base = v4 ? parseV4(text) : parseV6(text);
  if (base === undefined) return undefined;
  const length = slash < 0 ? (v4 ? 32 : 128) : Number(cidr.slice(slash + 1));
  if (!Number.isInteger(length) || length < 0 || length > (v4 ? 32 : 128)) return undefined;
  return { v4, base: maskGroups(base, v4 ? 96 + length : length), bits: v4 ? 96 + length : length };
}

/** The network address: host bits cleared, so `10.1.2.3/8` is `10.0.0.0/8` (as Go parses it). */
function maskGroups(groups: Groups, bits: number): Groups {
  return groups.map((g, i) => {
    const left = bits - 16 * i;
    return left >= 16 ? g : left <= 0 ? 0 : g & ((0xffff << (16 - left)) & 0xffff);
  });
}

function parseV4(text: string): Groups | undefined {
  let value = 0;
  let octet = -1;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c === -2) {
      // '.'
      if (octet < 0 || ++dots > 3) return undefined;
      value = value * 256 + octet;
      octet = -1;
    } else if (c >= 0 && c <= 9) {
      octet = octet < 0 ? c : octet * 10 + c;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (octet < 0 || dots !== 3) return undefined;
  value = value * 256 + octet;
  return [0, 0, 0, 0, 0, 0xffff, Math.floor(value / 0x10000), value % 0x10000];
}

function parseV6(text: string): Groups | undefined {
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 1) >= 0) return undefined;
  const head = hexGroups(text, 0, gap < 0 ? text.length : gap);
  const tail = gap < 0 ? [] : hexGroups(text, gap + 2, text.length);
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (gap < 0 ? missing !== 0 : missing < 1) return undefined;
  for (let i = 0; i < missing; i++) head.push(0);
  return head.concat(tail);
}

/** The colon-separated hex groups of text[start, end) (no embedded IPv4 other than ::ffff:). */
function hexGroups(text: string, start: number, end: number): number[] | undefined {
  const out: number[] = [];
  if (start === end) return out;
  let value = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const c = i === end ? COLON : text.charCodeAt(i);
    if (c === COLON) {
      if (digits === 0) return undefined;
      out.push(value);
      value = 0;
      digits = 0;
      continue;
    }
    const digit = hexDigit(c);
    if (digit < 0 || ++digits > 4) return undefined;
    value = value * 16 + digit;
  }
  return out;
}

const COLON = 58;

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1; // a-f, A-F
}
