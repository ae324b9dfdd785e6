import { formField, redirectOf, type Browser } from '../lib/browser.ts';

// The browser part of the authorization code flow, scripted (after e2e/support/mcp-oauth.ts
// `authorizeInBrowser`): open the authorization URL, sign in at the gateway, approve the consent
// page, and stop at the redirect back to the client, which is not followed.

const MAX_STEPS = 20;

export interface Credentials {
  readonly email: string;
  readonly password: string;
}

/** Walks from `authorizationUrl` to the redirect to `redirectUri` and returns that URL. */
export async function authorizeInBrowser(
  browser: Browser,
  authorizationUrl: URL,
  redirectUri: string,
  credentials: Credentials,
): Promise<URL> {
  let url = authorizationUrl;
  for (let step = 0; step < MAX_STEPS; step++) {
    const reply = await browser.request(url, { headers: { accept: 'text/html' } });
    const redirect = redirectOf(reply, url);
    if (redirect !== undefined) {
      if (redirect.href.startsWith(redirectUri)) return redirect;
      url = redirect;
      continue;
    }
    if (reply.status !== 200) {
      throw new Error(`authorization stopped at ${url.pathname} with ${reply.status}`);
    }
    let posted;
    if (url.pathname === '/signin') {
      posted = await browser.postForm(new URL('/signin', url), {
        email: credentials.email,
        password: credentials.password,
        csrf: formField(reply.body, 'csrf'),
        return_to: url.searchParams.get('return_to') ?? '',
      });
    } else if (url.pathname.startsWith('/oauth/interaction/')) {
      posted = await browser.postForm(new URL(`${url.pathname}/confirm`, url), {
        csrf: formField(reply.body, 'csrf'),
      });
    } else {
      throw new Error(`authorization reached an unexpected page: ${url.pathname}`);
    }
    const next = redirectOf(posted, url);
    if (next === undefined) {
      throw new Error(`the form at ${url.pathname} answered ${posted.status}, not a redirect`);
    }
    if (next.href.startsWith(redirectUri)) return next;
    url = next;
  }
  throw new Error(`the authorization flow took more than ${MAX_STEPS} steps`);
}
