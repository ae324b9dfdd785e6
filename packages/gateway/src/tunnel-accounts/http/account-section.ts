import type {
  LiveTunnel,
  SessionRecord,
  TunnelKeyBinding,
  TunnelShareRecord,
} from '@gatehouse/core';
import { html, type SafeHtml } from '../../pages/index.ts';
import type { TunnelService } from '../service.ts';

/** `2026-01-02 13:04 UTC`, as on the rest of the account page. */
const when = (ms: number): string =>
  `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const hidden = (name: string, value: string): SafeHtml =>
  html`<input type="hidden" name="${name}" value="${value}" />`;

/** The account page's "SSH tunnels" part: namespace, keys, live tunnels and shares. */
export async function tunnelAccountSection(
  tunnel: TunnelService,
  session: SessionRecord,
  csrfToken: string,
  now: number,
): Promise<SafeHtml> {
  const { store } = tunnel;
  const namespace = await store.tunnels.namespaceOf(session.userId);
  const keys = await store.tunnels.listBindings(session.userId, now);
  const live = tunnel.status?.list(session.userId) ?? [];
  const shares = namespace === undefined ? [] : await store.tunnels.listShares(namespace);
  const csrf = hidden('csrf', csrfToken);
  return html`<h2 id="tunnels">SSH tunnels</h2>
    <p>
      ${
        namespace === undefined
          ? html`No namespace yet: it is created the first time you authorize an SSH key.`
          : html`Your namespace: <code>${namespace}</code>`
      }
    </p>
    <h3 id="ssh-keys">SSH keys</h3>
    ${
      keys.length === 0
        ? html`<p class="muted">No SSH key is signed in to your account.</p>`
        : html`<table aria-labelledby="ssh-keys">
            <thead>
              <tr>
                <th scope="col">Fingerprint</th>
                <th scope="col">Kept</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col"><span class="sr-only">Action</span></th>
              </tr>
            </thead>
            <tbody>
              ${keys.map((k) => keyRow(k, csrf))}
            </tbody>
          </table>`
    }
    <h3 id="live-tunnels">Live tunnels</h3>
    ${
      live.length === 0
        ? html`<p class="muted">No tunnel is connected.</p>`
        : html`<table aria-labelledby="live-tunnels">
            <thead>
              <tr>
                <th scope="col">Route</th>
                <th scope="col">Remote URL</th>
                <th scope="col">Local address</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              ${live.map((t) => liveRow(tunnel, t))}
            </tbody>
          </table>`
    }
    <h3 id="shares">Shared with</h3>
    ${
      shares.length === 0
        ? html`<p class="muted">Only you can use your tunnels.</p>`
        : html`<table aria-labelledby="shares">
            <thead>
              <tr>
                <th scope="col">Route</th>
                <th scope="col">Email</th>
                <th scope="col"><span class="sr-only">Action</span></th>
              </tr>
            </thead>
            <tbody>
              ${shares.map((s) => shareRow(s, csrf))}
            </tbody>
          </table>`
    }
    ${
      namespace === undefined
        ? ''
        : html`<form method="post" action="/account/tunnel-shares/add">
            ${csrf}
            <label for="share-route">Route</label>
            <input id="share-route" name="route" value="mcp" required />
            <label for="share-email">Share with (email)</label>
            <input id="share-email" name="email" type="email" required />
            <button type="submit" class="secondary">Share</button>
          </form>`
    }`;
}

function keyRow(k: TunnelKeyBinding, csrf: SafeHtml): SafeHtml {
  return html`<tr>
    <td><code>${k.fingerprint}</code></td>
    <td>${k.remember ? 'Until revoked' : 'This SSH session'}</td>
    <td>${when(k.createdAt)}</td>
    <td>${when(k.lastUsedAt)}</td>
    <td>
      <form class="inline" method="post" action="/account/ssh-keys/revoke">
        ${csrf} ${hidden('fingerprint', k.fingerprint)}
        <button type="submit" class="secondary">
          Revoke<span class="sr-only"> the key ${k.fingerprint}</span>
        </button>
      </form>
    </td>
  </tr>`;
}

function liveRow(tunnel: TunnelService, t: LiveTunnel): SafeHtml {
  const url = tunnel.accounts.publicUrl(
    { userId: t.userId, email: null, namespace: t.namespace },
    t.route,
  );
  return html`<tr>
    <td>${t.route}</td>
    <td><code>${url}</code></td>
    <td><code>${t.localAddress}</code></td>
    <td>${when(t.since)}</td>
  </tr>`;
}

function shareRow(s: TunnelShareRecord, csrf: SafeHtml): SafeHtml {
  return html`<tr>
    <td>${s.route}</td>
    <td>${s.email}</td>
    <td>
      <form class="inline" method="post" action="/account/tunnel-shares/remove">
        ${csrf} ${hidden('route', s.route)} ${hidden('email', s.email)}
        <button type="submit" class="secondary">
          Remove<span class="sr-only"> ${s.email} from ${s.route}</span>
        </button>
      </form>
    </td>
  </tr>`;
}
