import { MIN_PASSWORD_LENGTH } from '../identity/builtin/passwords.ts';
import { html } from './escape.ts';
import { alert, layout, type Page } from './layout.ts';

// One rule, one place: the form's hint and `minlength` use the length the hash check enforces.
export { MIN_PASSWORD_LENGTH };

export interface SetPasswordPageOptions {
  readonly email: string;
  readonly csrfToken: string;
  /** The one-time link token, posted back with the form. */
  readonly token: string;
  readonly error?: string;
  /** Default 200, or 400 when `error` is set. */
  readonly status?: number;
}

/** The page behind a one-time admin link: choose a password, then you are signed in. */
export function setPasswordPage(options: SetPasswordPageOptions): Page {
  const body = html`${alert(options.error)}
    <p>Choose a password for <strong>${options.email}</strong>.</p>
    <form method="post" action="/signin/link">
      <input type="hidden" name="token" value="${options.token}" />
      <input type="hidden" name="csrf" value="${options.csrfToken}" />
      <label for="email">Email</label>
      <input id="email" type="email" autocomplete="username" value="${options.email}" readonly />
      <label for="password">New password</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="new-password"
        required
        minlength="${MIN_PASSWORD_LENGTH}"
        aria-describedby="password-hint"
      />
      <p id="password-hint" class="muted">
        At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.
      </p>
      <label for="password_confirm">Repeat the password</label>
      <input
        id="password_confirm"
        name="password_confirm"
        type="password"
        autocomplete="new-password"
        required
        minlength="${MIN_PASSWORD_LENGTH}"
      />
      <button type="submit">Set password and sign in</button>
    </form>`;
  return layout({
    status: options.status ?? (options.error === undefined ? 200 : 400),
    title: 'Set your password',
    body,
  });
}
