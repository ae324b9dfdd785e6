/** Schemes a CSP entry may use. WebSocket schemes only make sense for `connect-src`. */
const HTTP_SCHEMES = new Set(['https', 'http']);
const WS_SCHEMES = new Set(['wss', 'ws']);

// What a CSP host-source host may contain after URL normalization (punycode, lower case):
// DNS labels, or a bracketed IPv6 literal. Anything else (`;`, quotes, `_`) could change the
// meaning of the policy a host builds by joining our entries.
const SAFE_HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])$/;

export type OriginCheck = { readonly origin: string } | { readonly problem: string };

/**
 * Checks that `value` is exactly one origin (scheme, host, optional port; a lone trailing `/` is
 * tolerated) and returns it normalized: lower-case scheme and host, default port dropped.
 * Returns a human-readable problem instead of throwing, so the caller can name the entry.
 */
export function checkCspOrigin(value: unknown, allowWebSocket: boolean): OriginCheck {
  if (typeof value !== 'string') return { problem: 'must be a string' };
  if (value === '') return { problem: 'is empty; write an origin such as https://api.example.com' };
  if (/\s/.test(value)) return { problem: 'contains whitespace' };
  if (value.includes('*')) {
    return { problem: 'wildcards are not allowed; list every origin explicitly' };
  }
  const schemeMatch = /^([a-z][a-z0-9+.-]*):(.*)$/is.exec(value);
  const scheme = schemeMatch?.[1]?.toLowerCase();
  const afterScheme = schemeMatch?.[2] ?? '';
  const allowed = allowWebSocket
    ? 'https: or http: (wss: or ws: for WebSockets)'
    : 'https: or http:';
  if (scheme === undefined || /^\d+(?:\/|$)/.test(afterScheme)) {
    // `example.com` or `localhost:4444` (the part before `:` is a host, not a scheme).
    return { problem: 'has no scheme; write a full origin such as https://api.example.com' };
  }
  if (!HTTP_SCHEMES.has(scheme) && !WS_SCHEMES.has(scheme)) {
    return { problem: `scheme "${scheme}:" is not allowed; use ${allowed}` };
  }
  if (WS_SCHEMES.has(scheme) && !allowWebSocket) {
    return { problem: `scheme "${scheme}:" is only allowed in connectDomains; use ${allowed}` };
  }
  if (!afterScheme.startsWith('//')) return { problem: `must start with "${scheme}://"` };

  const rest = afterScheme.slice(2);
  const end = rest.search(/[/?#\\]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const tail = end === -1 ? '' : rest.slice(end);
  if (authority.includes('@')) return { problem: 'must not contain a user name or password' };
  if (authority === '') return { problem: 'has no host' };
  if (tail !== '' && tail !== '/') {
    const query = tail.indexOf('?');
    const fragment = tail.indexOf('#');
    if (query === 0 || query === 1) return { problem: 'must not contain a query ("?…")' };
    if (fragment === 0 || fragment === 1) return { problem: 'must not contain a fragment ("#…")' };
    return { problem: 'must be an origin without a path (scheme://host[:port])' };
  }
  if (authority.includes('%')) return { problem: 'is not a valid origin (percent-encoded host)' };

  let url: URL;
  try {
    url = new URL(`${scheme}://${authority}`);
  } catch {
    return { problem: 'is not a valid origin' };
  }
  if (!SAFE_HOST.test(url.hostname)) {
    return { problem: `host "${url.hostname}" contains characters a CSP source cannot contain` };
  }
  return { origin: `${url.protocol}//${url.host}` };
}
