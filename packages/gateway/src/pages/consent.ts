import { html } from './escape.ts';
import { layout, type Page } from './layout.ts';

export interface ConsentPageOptions {
  readonly uid: string;
  readonly csrfToken: string;
  readonly userEmail: string | null;
  /** As the client calls itself (untrusted text, escaped). */
  readonly clientName: string | null;
  readonly clientId: string;
  /** Where the browser goes after approval: we show its host so a look-alike name cannot hide it. */
  readonly redirectUri: string;
  /** The MCP servers (RFC 8707 resources) the client asks to reach: usually one. */
  readonly servers: readonly ConsentServer[];
  /**
   * The redirect URI is served by this Gatehouse process itself (`npm start`'s dev host, on a
   * port this process holds): no other program can be listening there, so no warning.
   */
  readonly ownRedirect?: boolean;
  readonly scopes: readonly string[];
}

export interface ConsentServer {
  /** The canonical MCP URL (the token audience). */
  readonly resource: string;
  /** The route's id (`mcp`, `echo`), when the resource is one of ours. */
  readonly name: string | undefined;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/**
 * Consent per client and MCP server (MCP security best practices, "confused deputy"): who is
 * asking, which MCP server they want (issue 13, defect 5), where the answer goes, and a loud
 * warning when that is this machine — a local redirect can be any program.
 */
export function consentPage(options: ConsentPageOptions): Page {
  const redirect = new URL(options.redirectUri);
  const local = LOOPBACK.test(redirect.hostname) && options.ownRedirect !== true;
  const name = options.clientName ?? options.clientId;
  const warning = local
    ? html`<div class="alert" role="alert">
        This client sends the approval to <strong>${redirect.host}</strong> on your own computer.
        Any program on this machine could be listening there. Approve only if you just started this
        connection yourself.
      </div>`
    : html``;
  const hosts = options.servers.map((s) => hostOf(s.resource));
  const servers = hosts.length === 0 ? 'your MCP server' : hosts.join(' and ');
  const body = html`${warning}
    <p>
      <strong>${name}</strong> wants to use the MCP server <strong>${servers}</strong> as
      <strong>${options.userEmail ?? 'you'}</strong>.
    </p>
    <dl>
      <dt>MCP server</dt>
      ${options.servers.map(
        (s) =>
          html`<dd>
            <strong>${s.name ?? hostOf(s.resource)}</strong> at <code>${s.resource}</code>
          </dd>`,
      )}
      <dt>Client</dt>
      <dd><code>${options.clientId}</code></dd>
      <dt>Sends you back to</dt>
      <dd><strong>${redirect.host}</strong></dd>
      <dt>Access</dt>
      <dd>
        ${options.scopes.join(', ') || 'mcp'} — the tools your policy allows you, nothing more
      </dd>
    </dl>
    <div class="actions">
      <!-- Deny first, Allow second, in one row: the same order and layout as the SSH page. -->
      <form method="post" action="/oauth/interaction/${options.uid}/deny">
        <input type="hidden" name="csrf" value="${options.csrfToken}" />
        <button type="submit" class="secondary">Deny</button>
      </form>
      <form method="post" action="/oauth/interaction/${options.uid}/confirm">
        <input type="hidden" name="csrf" value="${options.csrfToken}" />
        <button type="submit">Allow</button>
      </form>
    </div>
    <p class="muted">
      Your answer is remembered for this client and this MCP server only: another MCP server asks
      again. Revoke it on your account page.
    </p>`;
  return layout({ status: 200, title: `Allow ${name} to use ${servers}?`, body });
}

/** The host a person recognises (`mcp.example.com`), or the text itself if it is no URL. */
function hostOf(resource: string): string {
  return URL.parse(resource)?.host ?? resource;
}
