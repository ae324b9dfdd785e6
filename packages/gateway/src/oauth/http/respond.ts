import type { ServerResponse } from 'node:http';

/** An OAuth error response (RFC 6749 §5.2 shape) written by us, before the provider runs. */
export function sendOAuthError(
  res: ServerResponse,
  status: number,
  error: string,
  description: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = JSON.stringify({ error, error_description: description });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/**
 * CORS for endpoints MCP clients call from browsers: any origin, never credentials (no cookies
 * are involved). Returns true when it answered a preflight.
 */
export function applyCors(method: string, res: ServerResponse): boolean {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', 'WWW-Authenticate');
  if (method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'Authorization, Content-Type, DPoP, MCP-Protocol-Version',
    'access-control-max-age': '86400',
  });
  res.end();
  return true;
}
