import { httpRequest, type HttpResponse } from '../lib/http.ts';

// The browser sign-in flow against a gateway on 127.0.0.1, just enough of it to obtain a real
// session cookie for a route (after packages/gateway/test/support/signin.ts). Route and auth
// hosts are `*.localhost`, which Node does not resolve: every request goes to 127.0.0.1 with the
// host in the `Host` header, and cookies are kept per host as a browser would.

export const SESSION_COOKIE = '_gatehouse_session';

type Jar = Map<string, Map<string, string>>;

function cookiesOf(jar: Jar, host: string): Map<string, string> {
  let cookies = jar.get(host);
  if (cookies === undefined) {
    cookies = new Map();
    jar.set(host, cookies);
  }
  return cookies;
}

async function send(
  jar: Jar,
  url: URL,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResponse> {
  const cookies = cookiesOf(jar, url.host);
  const headers: Record<string, string> = { host: url.host, accept: 'text/html', ...init.headers };
  if (cookies.size > 0) headers['cookie'] = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const response = await httpRequest(`http://127.0.0.1:${url.port}${url.pathname}${url.search}`, {
    ...init,
    headers,
    agent: false,
  });
  const setCookie = response.headers['set-cookie'];
  for (const line of Array.isArray(setCookie) ? setCookie : []) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (/max-age=0/i.test(line) || value === '') cookies.delete(name);
    else cookies.set(name, value);
  }
  return response;
}

function location(response: HttpResponse, base: URL, step: string): URL {
  const to = response.headers['location'];
  if (response.status < 300 || response.status > 399 || typeof to !== 'string') {
    throw new Error(`sign-in, ${step}: expected a redirect, got ${response.status}`);
  }
  return new URL(to, base);
}

function formField(html: string, name: string): string {
  const m =
    new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html) ??
    new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(html);
  if (m === null) throw new Error(`sign-in page has no "${name}" field`);
  return (m[1] ?? '').replaceAll('&amp;', '&');
}

/**
 * Opens `routeUrl` (e.g. `http://app.localhost:41234/`), follows the redirect to the sign-in
 * page, posts the password form and follows the hand-off back to the route. Returns the
 * `Cookie` header value that carries the route's session.
 */
export async function signIn(routeUrl: string, email: string, password: string): Promise<string> {
  const jar: Jar = new Map();
  const route = new URL(routeUrl);
  const signInUrl = location(await send(jar, route), route, 'open the route');
  const page = await send(jar, signInUrl);
  if (page.status !== 200) throw new Error(`sign-in page answered ${page.status}`);
  const postUrl = new URL('/signin', signInUrl);
  const form = new URLSearchParams({
    email,
    password,
    csrf: formField(page.body, 'csrf'),
    return_to: signInUrl.searchParams.get('return_to') ?? '',
  }).toString();
  const posted = await send(jar, postUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(form)),
      origin: postUrl.origin,
    },
    body: form,
  });
  let next = location(posted, postUrl, 'post the form');
  for (let hop = 0; hop < 5 && next.host !== route.host; hop++) {
    next = location(await send(jar, next), next, 'hand-off');
  }
  // The hand-off lands on the route host, which sets the session and redirects to the route.
  for (let hop = 0; hop < 5 && !cookiesOf(jar, route.host).has(SESSION_COOKIE); hop++) {
    const response = await send(jar, next);
    if (response.status < 300 || response.status > 399) break;
    next = location(response, next, 'hand-off on the route');
  }
  const session = cookiesOf(jar, route.host).get(SESSION_COOKIE);
  if (session === undefined)
    throw new Error(`sign-in set no ${SESSION_COOKIE} cookie on the route`);
  return `${SESSION_COOKIE}=${session}`;
}
