import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOST =
  /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)*\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * MCP transport: servers must validate `Origin` (DNS rebinding, H13). A request without Origin is
 * not from a browser page and passes (the bearer token still decides). A browser page may call
 * from a loopback origin (local tools such as the dev host), from the route's own origin, or from
 * an origin the route lists. `Origin: null` and repeated Origin headers are refused.
 */
export function isAllowedOrigin(
  req: IncomingMessage,
  routeOrigin: string,
  allowed: readonly string[],
): boolean {
  const values = req.headersDistinct['origin'];
  if (values === undefined) return true;
  if (values.length !== 1) return false;
  const origin = values[0] ?? '';
  if (origin === routeOrigin || allowed.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false; // not a serialized origin (path, userinfo, "null", …)
  return LOOPBACK_HOST.test(url.hostname) || url.hostname === '[::1]';
}
