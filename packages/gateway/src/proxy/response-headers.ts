import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { withoutGatehouseSetCookies } from './gatehouse-cookies.ts';
import { connectionTokens, isHopByHop } from './hop-by-hop.ts';
import { isIdentityHeader } from './identity-headers.ts';

const droppedNames = new Map<string, boolean>();

/** Identity and hop-by-hop fields, remembered per name (bounded: an upstream may invent names). */
function isDropped(name: string): boolean {
  let dropped = droppedNames.get(name);
  if (dropped === undefined) {
    dropped = isIdentityHeader(name) || isHopByHop(name);
    if (droppedNames.size >= 1_000) droppedNames.clear();
    droppedNames.set(name, dropped);
  }
  return dropped;
}

/**
 * The upstream's response headers as the client may see them: no hop-by-hop fields, no
 * identity headers, no Set-Cookie for a `_gatehouse*` cookie (research §5 G9). For a 101
 * answer Upgrade and Connection stay, since they complete the handshake.
 */
export function clientResponseHeaders(
  headers: IncomingHttpHeaders,
  upgrade = false,
): OutgoingHttpHeaders {
  const named = connectionTokens(headers.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name of Object.keys(headers)) {
    if (isDropped(name) || named.has(name)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    if (name === 'set-cookie' && Array.isArray(value)) {
      const kept = withoutGatehouseSetCookies(value);
      if (kept.length > 0) out[name] = kept;
      continue;
    }
    out[name] = value;
  }
  if (upgrade && headers.upgrade !== undefined) {
    out.connection = 'Upgrade';
    out.upgrade = headers.upgrade;
  }
  return out;
}

/** An HTTP/1.1 response head for writing straight to a socket (upgrade answers). */
export function rawResponseHead(
  status: number,
  statusMessage: string,
  headers: OutgoingHttpHeaders,
): string {
  let head = `HTTP/1.1 ${status} ${statusMessage}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) head += `${name}: ${item}\r\n`;
  }
  return `${head}\r\n`;
}
