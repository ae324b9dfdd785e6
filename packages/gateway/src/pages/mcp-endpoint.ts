import { html } from './escape.ts';
import { layout, type Page } from './layout.ts';

export interface McpEndpointPageOptions {
  /** The route's canonical MCP URL (what a client connects to). */
  readonly mcpUrl: string;
  /** The authenticate service, where the owner manages connected clients. */
  readonly accountUrl: string;
}

/**
 * What a browser sees when it opens an MCP server's URL: this is not a web page but an endpoint
 * for MCP clients, and how to connect one. Sent with the same 401 and `WWW-Authenticate`
 * challenge an MCP client gets (RFC 6750 §3), so nothing changes for clients.
 */
export function mcpEndpointPage(options: McpEndpointPageOptions): Page {
  return layout({
    status: 401,
    title: 'This is an MCP server',
    body: html`<p>
        This address is for MCP clients such as ChatGPT, Claude or the MCP Inspector, not for a
        browser. Add this URL to your client:
      </p>
      <p><code>${options.mcpUrl}</code></p>
      <h2>How to connect</h2>
      <ul>
        <li>ChatGPT (developer mode): create an app or connector with this URL, OAuth.</li>
        <li>Claude: add a custom connector with this URL.</li>
        <li>
          MCP Inspector: <code>npx @modelcontextprotocol/inspector</code>, transport “Streamable
          HTTP”, paste the URL.
        </li>
      </ul>
      <p>
        The client opens a sign-in page here and asks you to allow it; only accounts this server
        lets in can connect. Your connected clients are listed on
        <a href="${options.accountUrl}">your account page</a>.
      </p>`,
  });
}
