import { html } from './escape.ts';
import { layout, type Page } from './layout.ts';

export interface SshVerifyPageOptions {
  /** Normalised `ABCD-EFGH`. */
  readonly userCode: string;
  readonly csrfToken: string;
  readonly userEmail: string | null;
  readonly fingerprint: string;
  readonly clientIp: string;
  /** Epoch ms. */
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly now: number;
}

/** `2026-01-02 13:04 UTC`: unambiguous without client-side script. */
const utc = (ms: number): string =>
  `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Our CSP allows no script, so the countdown is a sentence with the absolute time. */
function expiresIn(now: number, expiresAt: number): string {
  const minutes = Math.floor((expiresAt - now) / 60_000);
  const left =
    minutes < 1 ? 'less than a minute' : minutes === 1 ? '1 minute' : `${minutes} minutes`;
  return `Expires in ${left} (at ${new Date(expiresAt).toISOString().slice(11, 16)} UTC)`;
}

/**
 * The SSH sign-in approval (research pomerium.md §1.3.1, img/verify.png): what asks, from
 * where, with which key, until when; Remember me; Deny and Authorize.
 */
export function sshVerifyPage(options: SshVerifyPageOptions): Page {
  const body = html`<p>
      An SSH client asks to sign in as <strong>${options.userEmail ?? 'you'}</strong>. Authorize
      only if you just ran <code>ssh</code> yourself: the key gets your tunnels.
    </p>
    <table>
      <tbody>
        <tr>
          <th scope="row">Protocol</th>
          <td>ssh</td>
        </tr>
        <tr>
          <th scope="row">Issued at</th>
          <td>${utc(options.issuedAt)}</td>
        </tr>
        <tr>
          <th scope="row">Initiated from</th>
          <td>${options.clientIp}</td>
        </tr>
        <tr>
          <th scope="row">Key fingerprint</th>
          <td><code>${options.fingerprint}</code></td>
        </tr>
        <tr>
          <th scope="row">Code</th>
          <td><code>${options.userCode}</code></td>
        </tr>
      </tbody>
    </table>
    <p class="muted" id="expiry">${expiresIn(options.now, options.expiresAt)}</p>
    <form method="post" action="/ssh/verify">
      <input type="hidden" name="csrf" value="${options.csrfToken}" />
      <input type="hidden" name="user_code" value="${options.userCode}" />
      <label style="display:flex;gap:.5rem;align-items:center;font-weight:400">
        <input type="checkbox" name="remember" value="1" style="width:auto" />
        Remember me: keep this key signed in until I revoke it on my account page
      </label>
      <div class="actions">
        <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
        <button type="submit" name="decision" value="authorize">Authorize</button>
      </div>
    </form>`;
  return layout({ status: 200, title: 'Authorize SSH sign-in', body });
}
