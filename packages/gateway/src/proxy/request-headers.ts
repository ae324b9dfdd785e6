import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { stripGatehouseCookies } from './gatehouse-cookies.ts';
import { connectionTokens, isHopByHop } from './hop-by-hop.ts';
import { isIdentityHeader } from './identity-headers.ts';
import type { ProxyTarget } from './target.ts';

/**
 * Client headers the proxy replaces with its own values. Forwarding headers come only from
 * the edge (which knows the trusted proxies); `Expect` was already answered by the edge's
 * server, so the upstream must not answer it again.
 */
function isReplaced(name: string): boolean {
  return (
    name === 'host' ||
    name === 'forwarded' ||
    name === 'x-request-id' ||
    name === 'x-real-ip' ||
    name === 'expect' ||
    name.startsWith('x-forwarded-')
  );
}

const droppedNames = new Map<string, boolean>();

/**
 * Whether a client header never goes upstream as the client sent it. The same few names come
 * with every request, so the answer is remembered per name (bounded: a client may invent names).
 */
function isDropped(name: string): boolean {
  let dropped = droppedNames.get(name);
  if (dropped === undefined) {
    dropped = isIdentityHeader(name) || isHopByHop(name) || isReplaced(name);
    if (droppedNames.size >= 1_000) droppedNames.clear();
    droppedNames.set(name, dropped);
  }
  return dropped;
}

/**
 * The headers sent upstream. Order matters: identity headers go first (J1), then hop-by-hop
 * fields and the fields the Connection header names, then `_gatehouse*` cookies; the proxy's
 * own values and finally `target.setHeaders` are added after every client value is filtered.
 */
export function upstreamRequestHeaders(
  req: IncomingMessage,
  target: ProxyTarget,
  upgrade: boolean,
): OutgoingHttpHeaders {
  const source = req.headers;
  const named = connectionTokens(source.connection);
  const out: OutgoingHttpHeaders = {};
  const removed = target.removeHeaders ?? [];
  for (const name of Object.keys(source)) {
    if (isDropped(name) || named.has(name) || removed.includes(name)) continue;
    const value = source[name];
    if (value === undefined) continue;
    if (name === 'cookie' && typeof value === 'string') {
      const kept = stripGatehouseCookies(value);
      if (kept !== '') out.cookie = kept;
      continue;
    }
    out[name] = value;
  }
  if (upgrade && source.upgrade !== undefined) {
    // RFC 9110 §7.8: the upgrade request carries Upgrade and a Connection that names it.
    out.connection = 'Upgrade';
    out.upgrade = source.upgrade;
  }
  out.host = target.preserveHost ? target.forwardedHost : target.url.host;
  out['x-forwarded-for'] = target.forwardedFor;
  out['x-forwarded-proto'] = target.forwardedProto;
  out['x-forwarded-host'] = target.forwardedHost;
  out['x-request-id'] = target.requestId;
  if (target.body !== undefined) {
    delete out['transfer-encoding'];
    out['content-length'] = String(target.body.length);
  }
  for (const [name, value] of Object.entries(target.setHeaders)) out[name.toLowerCase()] = value;
  return out;
}

/** The request path upstream: the target's base path followed by the client's path and query. */
export function upstreamPath(base: URL, requestUrl: string | undefined): string {
  let path = requestUrl ?? '/';
  if (!path.startsWith('/')) {
    // Absolute-form (RFC 9112 §3.2.2) keeps only its path; `*` is only meaningful at the root.
    if (path === '*' && (base.pathname === '/' || base.pathname === '')) return path;
    try {
      const absolute = new URL(path);
      path = absolute.pathname + absolute.search;
    } catch {
      path = '/';
    }
  }
  const prefix = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
  return prefix + path;
}

/**
 * Flat `[name, value, …]`, written by node as given. An object would be copied into a header
 * map that the upstream request keeps as long as it lives: hours for an event stream.
 */
export function headerList(headers: OutgoingHttpHeaders): string[] {
  const list: string[] = [];
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const one of value) list.push(name, one);
    else list.push(name, String(value));
  }
  return list;
}
