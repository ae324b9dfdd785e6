import { PAGE_CSP } from './csp.ts';

/**
 * The headers every HTML page we render carries, wherever it is sent from (the edge's
 * node:http responses, the authenticate service's Hono app, oidc-provider's error page): no
 * script or framing (CSP, plus `X-Frame-Options` for browsers without `frame-ancestors`), no
 * caching of per-user pages, no referrer leaking a one-time URL, no MIME sniffing.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': PAGE_CSP,
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

/**
 * The headers of our redirects: never cached, and the URL left behind (which may hold a one-time
 * code or link) is not sent as a referrer to the next site.
 */
export const REDIRECT_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
});
