import { oidcErrors } from './module.ts';

/**
 * Why a client's redirect URI must be refused, in words that never repeat the URI (userinfo
 * may hold a password). oidc-provider checks the scheme and fragments; it lets userinfo through,
 * and `https://good.example@evil.example/cb` shows `good.example` to a reader while the browser
 * goes to `evil.example` (issue 13, defect 3; RFC 3986 §7.6 warns of exactly this).
 */
export function redirectUriProblem(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return 'must be a string';
  const url = URL.parse(uri);
  if (url === null) return 'is not an absolute URI';
  // `@` anywhere before the host also catches forms URL parsing normalises away.
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(uri)?.[1] ?? '';
  if (url.username !== '' || url.password !== '' || authority.includes('@'))
    return 'must not contain user information (user@host): the browser would go to the host after the @';
  // RFC 6749 §3.1.2: the redirection endpoint URI MUST NOT include a fragment component.
  if (uri.includes('#')) return 'must not contain a fragment (#…) (RFC 6749 §3.1.2)';
  return undefined;
}

/** The first problem among `redirect_uris`, named by its index, or undefined when all are fine. */
export function redirectUrisProblem(uris: unknown): string | undefined {
  if (!Array.isArray(uris)) return undefined; // the provider answers a missing or odd list
  for (const [index, uri] of uris.entries()) {
    const problem = redirectUriProblem(uri);
    if (problem !== undefined) return `redirect_uris[${index}] ${problem}`;
  }
  return undefined;
}

/**
 * `extraClientMetadata` for the provider: every client it builds — a DCR registration, a CIMD
 * document, a stored registration from before this check — passes `redirect_uris` through
 * `redirectUrisProblem` (a stored client that fails it no longer loads: fail closed). The
 * answer is RFC 7591 §3.2.2 `invalid_redirect_uri`.
 */
export const redirectUriMetadata = {
  properties: ['redirect_uris'],
  validator(_ctx: unknown, key: string, value: unknown): void {
    if (key !== 'redirect_uris') return;
    const problem = redirectUrisProblem(value);
    if (problem !== undefined)
      throw new oidcErrors.CustomOIDCProviderError('invalid_redirect_uri', problem);
  },
};
