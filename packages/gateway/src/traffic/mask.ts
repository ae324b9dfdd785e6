import { TRAFFIC_MASK } from '@gatehouse/core';

/**
 * Masking of captured traffic (issue 16: "Authorization, cookies, tokens and any value under a
 * key named like a secret are masked before anything is stored"). Everything here runs BEFORE a
 * capture reaches the ring, the store or a view.
 */

/** Key names (any case; `-`, `_` and camelCase ignored) that contain one of these are secrets. */
const SECRET_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'authorization',
  'cookie',
  'credential',
  'privatekey',
  'signature',
  'bearer',
  'sessionkey',
] as const;
/** …and these only as the whole key (as parts they would hit `author`, `shipping`). */
const SECRET_WHOLE: ReadonlySet<string> = new Set(['auth', 'jwt', 'otp', 'pin', 'pwd', 'key']);

/** Headers masked by name, beyond the secret-like pattern (RFC 9110 §11.6.2, RFC 6265 §5.4). */
const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'dpop',
  'x-gatehouse-assertion',
]);

/** True when a value under this key must never be stored. */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_WHOLE.has(k) || SECRET_PARTS.some((part) => k.includes(part));
}

/** Header names seen so far → lower-case name and whether its value is masked. */
const headerNames = new Map<string, { readonly name: string; readonly secret: boolean }>();
/** Names come from the network: past this many the cache starts over instead of growing. */
const MAX_HEADER_NAMES = 512;

/**
 * The same few dozen header names arrive on every request, and this runs on the request path of
 * every captured call (issue 16's ≤ 0.1 ms): the name test is done once per name.
 */
function headerName(rawName: string): { readonly name: string; readonly secret: boolean } {
  const known = headerNames.get(rawName);
  if (known !== undefined) return known;
  const name = rawName.toLowerCase();
  const entry = { name, secret: SECRET_HEADERS.has(name) || isSecretKey(name) };
  if (headerNames.size >= MAX_HEADER_NAMES) headerNames.clear();
  headerNames.set(rawName, entry);
  return entry;
}

/** Header name (lower case) → string value, secret ones masked. */
export function maskHeaders(
  headers: Readonly<Record<string, string | readonly string[] | number | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawName in headers) {
    const value = headers[rawName];
    if (value === undefined) continue;
    const { name, secret } = headerName(rawName);
    out[name] = secret ? TRAFFIC_MASK : Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** A deep copy with every value under a secret-like key (at any depth) replaced by the mask. */
export function maskJson(value: unknown, depth = 0): unknown {
  // Depth is bounded by the edge's parser (MAX_JSON_DEPTH); this guard only stops a cycle.
  if (depth > 256) return TRAFFIC_MASK;
  if (Array.isArray(value)) return value.map((v) => maskJson(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = isSecretKey(key) ? TRAFFIC_MASK : maskJson(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string') return maskText(value);
  return value;
}

// `"api_key": "…"` / `"token":123` in text that is not parseable JSON (a truncated body).
const KEYED_VALUE = /("([^"\\]{1,128})"\s*:\s*)("(?:[^"\\]|\\.)*"?|[-\w.+]+)/g;
// Credentials recognisable by shape wherever they appear (RFC 6750 §2.1, JWS compact form).
const BEARER = /\b(Bearer|DPoP|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT_SHAPE = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/** Masks credentials by shape, and keyed secrets in JSON-ish text that could not be parsed. */
export function maskText(text: string): string {
  if (text.length < 8) return text;
  return text
    .replace(KEYED_VALUE, (whole, prefix: string, key: string) =>
      isSecretKey(key) ? `${prefix}"${TRAFFIC_MASK}"` : whole,
    )
    .replace(BEARER, (_whole, scheme: string) => `${scheme} ${TRAFFIC_MASK}`)
    .replace(JWT_SHAPE, TRAFFIC_MASK);
}

/** A JSON text masked structurally when it parses, by pattern otherwise. */
export function maskJsonText(text: string): string {
  try {
    return JSON.stringify(maskJson(JSON.parse(text) as unknown));
  } catch {
    return maskText(text);
  }
}
