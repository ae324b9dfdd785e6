import { Browser, formField, redirectOf } from '../lib/browser.ts';
import type { HttpResponse } from '../lib/http.ts';

// The browser sign-in flow against a gateway on 127.0.0.1, just enough of it to obtain a real
// session cookie for a route (after packages/gateway/test/support/signin.ts). Route and auth
// hosts are `*.localhost`, which Node does not resolve: every request goes to 127.0.0.1 with the
// host in the `Host` header, and cookies are kept per host as a browser would.

export const SESSION_COOKIE = '_gatehouse_session';

function location(response: HttpResponse, base: URL, step: string): URL {
  const to = redirectOf(response, base);
  if (to === undefined)
    throw new Error(`sign-in, ${step}: expected a redirect, got ${response.status}`);
  return to;
}

/**
 * Opens `routeUrl` (e.g. `http://app.localhost:41234/`), follows the redirect to the sign-in
 * page, posts the password form and follows the hand-off back to the route. Returns the
 * `Cookie` header value that carries the route's session.
 */
export async function signIn(routeUrl: string, email: string, password: string): Promise<string> {
  const browser = new Browser();
  const page = { headers: { accept: 'text/html' } };
  const route = new URL(routeUrl);
  const signInUrl = location(await browser.request(route, page), route, 'open the route');
  const form = await browser.request(signInUrl, page);
  if (form.status !== 200) throw new Error(`sign-in page answered ${form.status}`);
  const postUrl = new URL('/signin', signInUrl);
  const posted = await browser.postForm(postUrl, {
    email,
    password,
    csrf: formField(form.body, 'csrf'),
    return_to: signInUrl.searchParams.get('return_to') ?? '',
  });
  let next = location(posted, postUrl, 'post the form');
  for (let hop = 0; hop < 5 && next.host !== route.host; hop++) {
    next = location(await browser.request(next, page), next, 'hand-off');
  }
  // The hand-off lands on the route host, which sets the session and redirects to the route.
  for (let hop = 0; hop < 5 && browser.cookie(route.host, SESSION_COOKIE) === undefined; hop++) {
    const response = await browser.request(next, page);
    if (response.status < 300 || response.status > 399) break;
    next = location(response, next, 'hand-off on the route');
  }
  const session = browser.cookie(route.host, SESSION_COOKIE);
  if (session === undefined)
    throw new Error(`sign-in set no ${SESSION_COOKIE} cookie on the route`);
  return `${SESSION_COOKIE}=${session}`;
}
