/** Header maps we read: `req.headers` (repeats joined) or `req.headersDistinct` (arrays). */
export type HeaderSource = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Every value a header came with: none when absent, more than one when repeated. */
export function headerValues(headers: HeaderSource, name: string): readonly string[] {
  const value = headers[name];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** RFC 9110 §5.5: optional whitespace (SP / HTAB) around a field value is not part of it. */
export function stripOws(value: string): string {
  // A loop, not a regex: `[ \t]+$` backtracks quadratically on long inner runs of spaces.
  const isOws = (i: number): boolean => value[i] === ' ' || value[i] === '\t';
  let start = 0;
  let end = value.length;
  while (start < end && isOws(start)) start += 1;
  while (end > start && isOws(end - 1)) end -= 1;
  return value.slice(start, end);
}

const SENTINEL_PREFIX = '=?base64?';
const SENTINEL_SUFFIX = '?=';
const BASE64_CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes an MCP 2026-07-28 header value: `=?base64?<b64>?=` carries UTF-8 in canonical
 * base64, anything else is the value itself. `undefined` when the sentinel is present but the
 * payload is not canonical base64 or not UTF-8. Mirrors the SDK's `decodeMcpParamValue`, which
 * is what the server we front applies to `Mcp-Name`.
 */
export function decodeSentinelValue(value: string): string | undefined {
  if (!value.startsWith(SENTINEL_PREFIX) || !value.endsWith(SENTINEL_SUFFIX)) return value;
  const b64 = value.slice(SENTINEL_PREFIX.length, value.length - SENTINEL_SUFFIX.length);
  if (!BASE64_CANONICAL.test(b64)) return undefined;
  try {
    return utf8.decode(Buffer.from(b64, 'base64'));
  } catch {
    return undefined;
  }
}
