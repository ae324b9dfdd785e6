import { html } from './escape.ts';
import { layout, type Page } from './layout.ts';

/** After sign-out. */
export function signedOutPage(): Page {
  return layout({
    status: 200,
    title: 'Signed out',
    body: html`<p>You are signed out of this gateway on this browser.</p>
      <p><a href="/signin">Sign in again</a></p>`,
  });
}
