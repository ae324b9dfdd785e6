import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF protection for our forms: a random value in an HttpOnly, SameSite=Strict cookie, and in
 * each form an HMAC of it. A cross-site page can neither read the cookie nor compute the token.
 * The edge additionally refuses cross-site form posts by Origin / Sec-Fetch-Site.
 */
export const CSRF_COOKIE = '_gatehouse_csrf';

export interface Csrf {
  /** The cookie value to (re)use and the token to put in the form. */
  issue(cookieValue: string | undefined): { cookieValue: string; token: string; fresh: boolean };
  verify(cookieValue: string | undefined, token: unknown): boolean;
}

export function createCsrf(secret: Buffer): Csrf {
  const tokenFor = (cookieValue: string) =>
    createHmac('sha256', secret).update(`csrf:${cookieValue}`).digest('base64url');
  const valid = (v: string | undefined): v is string =>
    v !== undefined && /^[A-Za-z0-9_-]{32,64}$/.test(v);
  return {
    issue(cookieValue) {
      if (valid(cookieValue)) return { cookieValue, token: tokenFor(cookieValue), fresh: false };
      const fresh = randomBytes(32).toString('base64url');
      return { cookieValue: fresh, token: tokenFor(fresh), fresh: true };
    },
    verify(cookieValue, token) {
      if (!valid(cookieValue) || typeof token !== 'string') return false;
      const expected = Buffer.from(tokenFor(cookieValue));
      const actual = Buffer.from(token);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}
