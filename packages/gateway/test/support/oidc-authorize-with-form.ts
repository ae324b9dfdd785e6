import { OidcCookieJar } from './oidc-cookie-jar.ts';
import type { OidcCredentials } from './oidc-idp-types.ts';

const MAX_STEPS = 20;

/**
 * Plays the browser at the test IdP without a browser: follows its redirects with a cookie jar,
 * posts the login form (or presses Cancel), and stops at the first redirect that leaves the IdP
 * (another origin, or a path outside `idpBase`). Returns that URL — normally the client's
 * redirect_uri with `code`, `state` and `iss` — without following it.
 *
 * Throws when the IdP rejects the credentials, shows an error page, or never leaves.
 */
export async function authorizeWithForm(
  authorizationUrl: string,
  credentials: OidcCredentials | 'cancel',
  idpBase: string = new URL(authorizationUrl).origin,
): Promise<string> {
  const jar = new OidcCookieJar();
  let url = new URL(authorizationUrl);
  let init: { method: string; body?: URLSearchParams } = { method: 'GET' };
  let submitted = false;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const headers = new Headers();
    const cookie = jar.headerFor(url);
    if (cookie !== undefined) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (!isInside(next, idpBase)) return next.href;
      url = next;
      init = { method: 'GET' };
      continue;
    }
    const html = await response.text();
    const action = loginFormAction(html);
    if (response.status !== 200 || action === undefined) {
      throw new Error(
        `test IdP answered ${response.status} at ${url.pathname}: ${textOf(html).slice(0, 300)}`,
      );
    }
    if (submitted) throw new Error(`test IdP rejected the sign-in: ${textOf(html).slice(0, 200)}`);
    submitted = true;
    url = new URL(action, url);
    init = { method: 'POST', body: formBody(credentials) };
  }
  throw new Error(`test IdP did not redirect out within ${MAX_STEPS} steps`);
}

function formBody(credentials: OidcCredentials | 'cancel'): URLSearchParams {
  if (credentials === 'cancel') return new URLSearchParams({ cancel: '1' });
  return new URLSearchParams({ email: credentials.email, password: credentials.password });
}

function isInside(url: URL, idpBase: string): boolean {
  const base = new URL(idpBase);
  if (url.origin !== base.origin) return false;
  const prefix = base.pathname.replace(/\/$/, '');
  return prefix === '' || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
}

/** The action of the page's `data-form="login"` form (our own markup, so a regex is enough). */
function loginFormAction(html: string): string | undefined {
  const form = /<form\b[^>]*\bdata-form="login"[^>]*>/i.exec(html)?.[0];
  const action = form === undefined ? undefined : /\baction="([^"]*)"/i.exec(form)?.[1];
  return action?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
