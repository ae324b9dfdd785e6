/**
 * RFC 9110 §7.6.1: connection-specific header fields apply to one hop and are never forwarded,
 * along with every field the Connection header names.
 */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);

/** True for a lower-case header name that must not cross the proxy. */
export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name) || name.startsWith('proxy-');
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Connection values seen before and their tokens: nearly every message says `keep-alive` or
 * `close`, so the split is done once per value, not per message (issue 18). Bounded: a peer may
 * send any value, and past the bound new values are simply split each time.
 */
const known = new Map<string, ReadonlySet<string>>();
const KNOWN_VALUES = 64;

/** The lower-case field names listed in a Connection header. */
export function connectionTokens(value: string | string[] | undefined): ReadonlySet<string> {
  if (value === undefined) return NONE;
  const text = Array.isArray(value) ? value.join(',') : value;
  const seen = known.get(text);
  if (seen !== undefined) return seen;
  const tokens = new Set<string>();
  for (const token of text.split(',')) {
    const name = token.trim().toLowerCase();
    if (name !== '') tokens.add(name);
  }
  if (known.size < KNOWN_VALUES) known.set(text, tokens);
  return tokens;
}
