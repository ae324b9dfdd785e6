import { Client as BrowserLike } from '@gatehouse/testing/gateway';

export interface ConsentPage {
  /** The consent page's URL (`/oauth/interaction/<uid>`). */
  readonly url: string;
  readonly html: string;
  /** Every Location the browser was sent to on the way (to prove none was the client's). */
  readonly visited: readonly string[];
}

/**
 * Walks a scripted browser from an authorization URL through sign-in and stops at the consent
 * page, without answering it.
 */
export async function openConsentPage(
  browser: BrowserLike,
  authorizationUrl: string,
  credentials: { email: string; password: string },
): Promise<ConsentPage> {
  const visited: string[] = [];
  let url = authorizationUrl;
  for (let step = 0; step < 20; step += 1) {
    const reply = await browser.request(url, { headers: { accept: 'text/html' } });
    if (reply.status >= 300 && reply.status < 400) {
      url = new URL(reply.headers.location ?? '', url).href;
      visited.push(url);
      continue;
    }
    if (reply.status !== 200) throw new Error(`stopped at ${url} with ${reply.status}`);
    const page = new URL(url);
    if (page.pathname.startsWith('/oauth/interaction/')) return { url, html: reply.body, visited };
    if (page.pathname !== '/signin') throw new Error(`unexpected page ${page.pathname}`);
    const posted = await browser.postForm(new URL('/signin', page).href, {
      email: credentials.email,
      password: credentials.password,
      csrf: BrowserLike.field(reply.body, 'csrf'),
      return_to: page.searchParams.get('return_to') ?? '',
    });
    url = new URL(posted.headers.location ?? '', page).href;
    visited.push(url);
  }
  throw new Error('too many steps before the consent page');
}

/**
 * Answers an open consent page and follows the authorization server's redirects; returns the
 * first URL off the authenticate host: the client's redirect URI with a code or an error.
 */
export async function answerConsent(
  browser: BrowserLike,
  consent: ConsentPage,
  answer: 'confirm' | 'deny',
): Promise<URL> {
  const page = new URL(consent.url);
  const posted = await browser.postForm(new URL(`${page.pathname}/${answer}`, page).href, {
    csrf: BrowserLike.field(consent.html, 'csrf'),
  });
  let next = new URL(posted.headers.location ?? '', page);
  for (let step = 0; step < 10 && next.origin === page.origin; step += 1) {
    const reply = await browser.request(next.href, { headers: { accept: 'text/html' } });
    if (reply.headers.location === undefined) throw new Error(`no redirect at ${next.pathname}`);
    next = new URL(reply.headers.location, next);
  }
  return next;
}
