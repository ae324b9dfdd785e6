import type { IncomingMessage } from 'node:http';
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
 * The headers sent upstream, as the flat `[name, value, …]` list undici and node:http send as
 * given (no header object per request to build and then flatten; issue 18). Order matters:
 * identity headers go first (J1), then hop-by-hop fields and the fields the Connection header
 * names, then `_gatehouse*` cookies; the proxy's own values and finally `target.setHeaders`
 * take the place of any client value of the same name.
 */
export function upstreamRequestHeaders(
  req: IncomingMessage,
  target: ProxyTarget,
  upgrade: boolean,
): string[] {
  const source = req.headers;
  const named = connectionTokens(source.connection);
  const removed = target.removeHeaders ?? [];
  const set = lowerCaseNames(target.setHeaders);
  const list: string[] = [];
  for (const name of Object.keys(source)) {
    if (isDropped(name) || named.has(name) || removed.includes(name)) continue;
    if (name === 'content-length' && target.body !== undefined) continue;
    if (Object.hasOwn(set, name)) continue;
    const value = source[name];
    if (value === undefined) continue;
    if (name === 'cookie' && typeof value === 'string') {
      const kept = stripGatehouseCookies(value);
      if (kept !== '') list.push('cookie', kept);
      continue;
    }
    if (Array.isArray(value)) for (const one of value) list.push(name, one);
    else list.push(name, value);
  }
  if (upgrade && source.upgrade !== undefined && !Object.hasOwn(set, 'upgrade')) {
    // RFC 9110 §7.8: the upgrade request carries Upgrade and a Connection that names it.
    list.push('connection', 'Upgrade', 'upgrade', source.upgrade);
  }
  list.push(
    'host',
    set['host'] ?? (target.preserveHost ? target.forwardedHost : target.url.host),
    'x-forwarded-for',
    set['x-forwarded-for'] ?? target.forwardedFor,
    'x-forwarded-proto',
    set['x-forwarded-proto'] ?? target.forwardedProto,
    'x-forwarded-host',
    set['x-forwarded-host'] ?? target.forwardedHost,
    'x-request-id',
    set['x-request-id'] ?? target.requestId,
  );
  if (target.body !== undefined)
    list.push('content-length', set['content-length'] ?? String(target.body.length));
  for (const name of Object.keys(set)) {
    if (OWN_NAMES.has(name)) continue;
    const value = set[name];
    if (value !== undefined) list.push(name, value);
  }
  return list;
}

/** `headers` with lower-case names (itself when they are: the edge sets them so). */
function lowerCaseNames(
  headers: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  for (const name of Object.keys(headers)) {
    if (name !== name.toLowerCase())
      return Object.fromEntries(Object.entries(headers).map(([n, v]) => [n.toLowerCase(), v]));
  }
  return headers;
}

/** The fields `upstreamRequestHeaders` writes itself (a set value takes their place). */
const OWN_NAMES: ReadonlySet<string> = new Set([
  'host',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-request-id',
  'content-length',
]);
