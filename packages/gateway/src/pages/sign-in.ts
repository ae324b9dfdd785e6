import { html, safeHref, type SafeHtml } from './escape.ts';
import { alert, layout, type Page } from './layout.ts';

export interface SignInProvider {
  readonly id: string;
  readonly name: string;
  readonly type: 'builtin' | 'oidc';
  /** Where an upstream provider's sign-in starts (GET); required for `oidc`. */
  readonly startUrl?: string;
}

export interface SignInPageOptions {
  readonly providers: readonly SignInProvider[];
  readonly csrfToken: string;
  readonly returnTo: string;
  /** Shown in an alert region, e.g. "Wrong email or password." */
  readonly error?: string;
  /** Prefills the email field after a failed attempt. */
  readonly email?: string;
  /** Default 200, or 401 when `error` is set. */
  readonly status?: number;
}

/** The sign-in page: the built-in email/password form and a link per upstream provider. */
export function signInPage(options: SignInPageOptions): Page {
  const { error } = options;
  const builtin = options.providers.find((p) => p.type === 'builtin');
  const upstream = options.providers.filter((p) => p.type === 'oidc');
  const body = html`${alert(error)}
    <p>${continueTo(options.returnTo)}</p>
    ${builtin === undefined ? '' : builtinForm(options, error !== undefined)}
    ${
      upstream.length === 0
        ? ''
        : html`${builtin === undefined ? '' : html`<h2>Or continue with</h2>`}
            <ul class="providers">
              ${upstream.map((p) => html`<li><a class="button secondary" href="${safeHref(p.startUrl ?? '#')}">${p.name}</a></li>`)}
            </ul>`
    }
    ${options.providers.length === 0 ? html`<p>No sign-in method is configured. Add one under <code>identity_providers</code> in the gateway config.</p>` : ''}`;
  return layout({
    status: options.status ?? (error === undefined ? 200 : 401),
    title: 'Sign in',
    body,
  });
}

function builtinForm(options: SignInPageOptions, invalid: boolean): SafeHtml {
  const describedBy = invalid ? html` aria-describedby="form-error" aria-invalid="true"` : '';
  return html`<form method="post" action="/signin">
    <input type="hidden" name="csrf" value="${options.csrfToken}" />
    <input type="hidden" name="return_to" value="${options.returnTo}" />
    <label for="email">Email</label>
    <input
      id="email"
      name="email"
      type="email"
      autocomplete="username"
      required
      value="${options.email ?? ''}"
      ${describedBy}
    />
    <label for="password">Password</label>
    <input
      id="password"
      name="password"
      type="password"
      autocomplete="current-password"
      required${describedBy}
    />
    <button type="submit">Sign in</button>
  </form>`;
}

/** What the person signs in to: this Gatehouse server, and the site they come back to. */
function continueTo(returnTo: string): SafeHtml {
  let host: string | undefined;
  try {
    host = new URL(returnTo).host;
  } catch {
    host = undefined;
  }
  return host === undefined
    ? html`Sign in to this Gatehouse server.`
    : html`Sign in to this Gatehouse server to continue to <strong>${host}</strong>.`;
}
