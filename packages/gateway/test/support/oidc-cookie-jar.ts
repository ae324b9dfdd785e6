/**
 * A minimal cookie jar for scripted sign-ins against the test IdP over plain http on loopback:
 * name, value, path and expiry. Enough for oidc-provider's session and interaction cookies.
 */
interface StoredCookie {
  readonly value: string;
  readonly path: string;
}

export class OidcCookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Records every `Set-Cookie` of a response. */
  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) this.#storeOne(header);
  }

  /** The `Cookie` header value for a request to `url`, or undefined when nothing applies. */
  headerFor(url: URL): string | undefined {
    const pairs: string[] = [];
    for (const [key, cookie] of this.#cookies) {
      const name = key.slice(key.indexOf('\n') + 1);
      if (pathMatches(url.pathname, cookie.path)) pairs.push(`${name}=${cookie.value}`);
    }
    return pairs.length === 0 ? undefined : pairs.join('; ');
  }

  #storeOne(header: string): void {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let path = '/';
    let expired = value === '';
    for (const attribute of attributes) {
      const [key = '', attributeValue = ''] = attribute.split('=', 2);
      const lower = key.toLowerCase();
      if (lower === 'path' && attributeValue.startsWith('/')) path = attributeValue;
      if (lower === 'max-age' && Number(attributeValue) <= 0) expired = true;
      if (lower === 'expires' && Date.parse(attributeValue) <= Date.now()) expired = true;
    }
    const key = `${path}\n${name}`;
    if (expired) this.#cookies.delete(key);
    else this.#cookies.set(key, { value, path });
  }
}

/** RFC 6265 §5.1.4 path-match. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
