import { httpRequest, type HttpResponse } from '../lib/http.ts';

/**
 * Just enough of a browser for the OAuth authorization flow against a gateway on 127.0.0.1: the
 * gateway's hosts are `*.localhost`, which Node does not resolve, so every request goes to
 * 127.0.0.1 with the host in `Host`, and cookies are kept per host as a browser keeps them.
 */
export class Browser {
  readonly #jar = new Map<string, Map<string, string>>();

  #cookies(host: string): Map<string, string> {
    let cookies = this.#jar.get(host);
    if (cookies === undefined) {
      cookies = new Map();
      this.#jar.set(host, cookies);
    }
    return cookies;
  }

  /** The value of cookie `name` for `host`, if the browser holds one. */
  cookie(host: string, name: string): string | undefined {
    return this.#cookies(host).get(name);
  }

  /** One request to `url` (never follows redirects); stores the cookies it sets. */
  async request(
    url: URL,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<HttpResponse> {
    const cookies = this.#cookies(url.host);
    const headers: Record<string, string> = { host: url.host, ...init.headers };
    if (cookies.size > 0) headers['cookie'] = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
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

  /** Posts a form the way a page on the target's own origin would. */
  postForm(url: URL, fields: Readonly<Record<string, string>>): Promise<HttpResponse> {
    return this.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
        origin: url.origin,
      },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

/** The value of a hidden form field (e.g. `csrf`) in a page. */
export function formField(html: string, name: string): string {
  const m =
    new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html) ??
    new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(html);
  if (m === null) throw new Error(`the page has no "${name}" field`);
  return (m[1] ?? '').replaceAll('&amp;', '&');
}

/** The redirect target of a 3xx answer, or undefined for any other answer. */
export function redirectOf(response: HttpResponse, base: URL): URL | undefined {
  const to = response.headers['location'];
  if (response.status < 300 || response.status > 399 || typeof to !== 'string') return undefined;
  return new URL(to, base);
}
