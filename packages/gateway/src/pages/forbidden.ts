import { html, safeHref } from './escape.ts';
import { layout, requestIdLine, type Page } from './layout.ts';

export interface ForbiddenPageOptions {
  readonly requestId: string;
  readonly email?: string | null;
  /** Stable reason codes from the policy decision (`user-unauthenticated`, ...). */
  readonly reasons?: readonly string[];
  /** The account page, where the user can sign out and switch accounts. */
  readonly accountUrl?: string;
}

/** 403: signed in (or not) but the route's policy does not allow this request. */
export function forbiddenPage(options: ForbiddenPageOptions): Page {
  const { email, reasons = [], accountUrl } = options;
  const who =
    email === undefined || email === null
      ? html`<p>You are not allowed to open this page.</p>`
      : html`<p>
          You are signed in as <strong>${email}</strong>, and this account is not allowed to open
          this page.
        </p>`;
  const switchHint =
    accountUrl === undefined
      ? html`<p>If you should have access, ask the person who runs this gateway.</p>`
      : html`<p>
          Wrong account? <a href="${safeHref(accountUrl)}">Sign out on your account page</a> and
          sign in again. If you should have access, ask the person who runs this gateway.
        </p>`;
  const why =
    reasons.length === 0
      ? ''
      : html`<h2>Why</h2>
          <ul>
            ${reasons.map((r) => html`<li><code>${r}</code></li>`)}
          </ul>`;
  return layout({
    status: 403,
    title: 'Access denied',
    body: html`${who}${switchHint}${why}${requestIdLine(options.requestId)}`,
  });
}
