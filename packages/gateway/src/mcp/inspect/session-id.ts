/**
 * MCP Streamable HTTP §Session Management allows visible ASCII (0x21–0x7E). We accept the part
 * of it that real servers mint (UUIDs, hex, base64, base64url: `A–Z a–z 0–9 - . _ ~ + / =`)
 * and refuse separators such as `:` `;` `,` that could splice a session key built as
 * `<user>:<id>` (research §5 H2). 128 characters is our bound. This is the one session-id rule:
 * the edge checks the header with it and the session bindings (mcp/resource) guard their keys
 * with it.
 */
const SESSION_ID = /^[A-Za-z0-9\-._~+/=]{1,128}$/;

/**
 * Whether an `Mcp-Session-Id` header is safe to look up: one header of 1–128 id characters.
 * Refuses separators, CRLF, spaces, non-ASCII and oversize values before any store lookup.
 * Node joins repeated headers with ", ", which fails; from `headersDistinct` a one-element
 * array is one header.
 */
export function isValidSessionId(value: string | readonly string[] | undefined): boolean {
  const single = typeof value === 'string' ? value : value?.length === 1 ? value[0] : undefined;
  return single !== undefined && SESSION_ID.test(single);
}
