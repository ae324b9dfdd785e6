import { html, type SafeHtml } from './escape.ts';
import { layout, type Page } from './layout.ts';

export interface AccountSession {
  readonly current: boolean;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** Opaque handle for revoking it (not the session token). */
  readonly handle: string;
}

export interface AccountPageOptions {
  readonly user: {
    readonly email: string | null;
    readonly name: string | null;
    readonly groups: readonly string[];
    readonly idp: string;
  };
  readonly sessions: readonly AccountSession[];
  /** MCP clients this user has authorized (OAuth grants). */
  readonly clients?: readonly AccountClient[];
  readonly csrfToken: string;
  /** Extra sections at the end (the SSH tunnel's keys, live tunnels and shares). */
  readonly sections?: readonly SafeHtml[];
}

export interface AccountClient {
  /** The grant id (not a secret: revoking needs this page's CSRF token and session). */
  readonly grantId: string;
  readonly clientId: string;
  readonly clientName: string | null;
  /** Epoch ms. */
  readonly grantedAt: number | null;
  /** Epoch ms of the latest token issued to it (sign-in or refresh); absent when unknown. */
  readonly lastUsedAt?: number | null;
}

/** Who you are, where you are signed in, sign out here or elsewhere. */
export function accountPage(options: AccountPageOptions): Page {
  const { user, csrfToken } = options;
  const groups = user.groups.length === 0 ? html`none` : html`${user.groups.join(', ')}`;
  const body = html`<dl>
      <dt>Email</dt>
      <dd>${user.email ?? '(none)'}</dd>
      ${
        user.name === null
          ? ''
          : html`<dt>Name</dt>
              <dd>${user.name}</dd>`
      }
      <dt>Groups</dt>
      <dd>${groups}</dd>
      <dt>Signed in with</dt>
      <dd>${user.idp}</dd>
    </dl>
    <form method="post" action="/signout">
      <input type="hidden" name="csrf" value="${csrfToken}" />
      <button type="submit">Sign out</button>
    </form>
    <h2 id="sessions">Sessions</h2>
    <table aria-labelledby="sessions">
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">IP address</th>
          <th scope="col">Signed in</th>
          <th scope="col">Last seen</th>
          <th scope="col"><span class="sr-only">Action</span></th>
        </tr>
      </thead>
      <tbody>
        ${options.sessions.map((s) => sessionRow(s, csrfToken))}
      </tbody>
    </table>
    <h2 id="clients">Connected MCP clients</h2>
    ${
      (options.clients ?? []).length === 0
        ? html`<p class="muted">No MCP client has access to your account.</p>`
        : html`<table aria-labelledby="clients">
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Allowed</th>
                <th scope="col">Last used</th>
                <th scope="col"><span class="sr-only">Action</span></th>
              </tr>
            </thead>
            <tbody>
              ${(options.clients ?? []).map((c) => clientRow(c, csrfToken))}
            </tbody>
          </table>`
    }
    ${options.sections ?? []}`;
  return layout({ status: 200, title: 'Your account', body, wide: true });
}

function sessionRow(s: AccountSession, csrfToken: string): SafeHtml {
  const device = s.userAgent ?? 'Unknown device';
  const action = s.current
    ? html`<strong>This browser</strong>`
    : html`<form class="inline" method="post" action="/account/sessions/revoke">
        <input type="hidden" name="handle" value="${s.handle}" />
        <input type="hidden" name="csrf" value="${csrfToken}" />
        <button type="submit" class="secondary">
          Revoke<span class="sr-only">
            the session on ${device}, last seen ${when(s.lastSeenAt)}</span
          >
        </button>
      </form>`;
  return html`<tr>
    <td>${device}</td>
    <td>${s.ip ?? 'unknown'}</td>
    <td>${time(s.createdAt)}</td>
    <td>${time(s.lastSeenAt)}</td>
    <td>${action}</td>
  </tr> `;
}

function time(ms: number): SafeHtml {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return html`unknown`;
  return html`<time datetime="${date.toISOString()}">${when(ms)}</time>`;
}

/** `2026-01-02 13:04 UTC`: unambiguous without client-side script. */
function when(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime())
    ? 'unknown'
    : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function clientRow(c: AccountClient, csrfToken: string): SafeHtml {
  const name = c.clientName ?? c.clientId;
  return html`<tr>
    <td>${name}<br /><code class="muted">${c.clientId}</code></td>
    <td>${c.grantedAt === null ? 'unknown' : when(c.grantedAt)}</td>
    <td>${c.lastUsedAt == null ? 'unknown' : when(c.lastUsedAt)}</td>
    <td>
      <form class="inline" method="post" action="/account/clients/revoke">
        <input type="hidden" name="grant" value="${c.grantId}" />
        <input type="hidden" name="csrf" value="${csrfToken}" />
        <button type="submit" class="secondary">
          Revoke<span class="sr-only"> access for ${name}</span>
        </button>
      </form>
    </td>
  </tr>`;
}
