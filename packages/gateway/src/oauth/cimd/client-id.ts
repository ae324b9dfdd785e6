import type { GatewayConfig } from '../../config/types.ts';

/**
 * May this `client_id` be fetched as a Client ID Metadata Document? oidc-provider already
 * refuses non-https ids, userinfo, fragments and dot segments; we add what research §5 D5 and
 * D10 ask for: a real path (not `/`, so `https://host` or a `/` only in the query is not a
 * document URL) and the configured domain allow-list. Nothing is fetched when this says no.
 */
export function isFetchableClientId(clientId: string, config: GatewayConfig): boolean {
  const { cimd } = config.oauth;
  if (!cimd.enabled) return false;
  const url = URL.parse(clientId);
  if (url === null || url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '' || url.hash !== '' || clientId.includes('#')) {
    return false;
  }
  if (url.pathname === '/' || url.pathname === '') return false;
  return domainAllowed(url.hostname, cimd.allowedDomains);
}

/**
 * `allowed` entries are host names (`app.example.com`, exact) or `*.example.com` (any subdomain,
 * not the apex). Empty = any host. Case-insensitive; a trailing dot is ignored.
 */
export function domainAllowed(hostname: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return allowed.some((entry) => {
    const pattern = entry.toLowerCase().replace(/\.$/, '');
    if (pattern.startsWith('*.')) {
      const suffix = pattern.slice(1);
      return host.endsWith(suffix) && host.length > suffix.length;
    }
    return host === pattern;
  });
}
