import {
  CLIENT_CAPABILITIES_META_KEY,
  type McpServer,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { RESOURCE_MIME_TYPE, UI_EXTENSION_ID } from './constants.ts';

/**
 * What a server declares under `capabilities.extensions` so hosts discover MCP Apps support
 * (SEP-1724 extensions; in the `initialize` result for 2025-era clients and in the
 * `server/discover` result for 2026-07-28 clients). The extension defines no server settings:
 * an empty object means "supported".
 */
export const UI_SERVER_CAPABILITIES = { extensions: { [UI_EXTENSION_ID]: {} } } as const;

/**
 * True when the client declared the MCP Apps extension with our MIME type
 * (`capabilities.extensions["io.modelcontextprotocol/ui"].mimeTypes`, SEP-1865 "Negotiation").
 * Anything else, including malformed capabilities, means a text-only client.
 */
export function clientSupportsUi(capabilities: unknown): boolean {
  const extensions = field(capabilities, 'extensions');
  const mimeTypes = field(field(extensions, UI_EXTENSION_ID), 'mimeTypes');
  return Array.isArray(mimeTypes) && mimeTypes.includes(RESOURCE_MIME_TYPE);
}

/**
 * The client capabilities a JSON-RPC message carries, in either protocol era:
 * 2025-era `initialize` has them in `params.capabilities`; 2026-07-28 requests carry them in
 * every request's `params._meta["io.modelcontextprotocol/clientCapabilities"]`.
 * Returns undefined when the message carries none (legacy requests after initialize).
 */
export function clientCapabilitiesOf(message: unknown): unknown {
  const params = field(message, 'params');
  if (field(message, 'method') === 'initialize') return field(params, 'capabilities');
  return field(field(params, '_meta'), CLIENT_CAPABILITIES_META_KEY);
}

/**
 * The capabilities the caller of one request declared: 2026-07-28 requests carry their own in
 * the `_meta` envelope (MCP 2026-07-28 removes sessions, so nothing is remembered between
 * requests); on a 2025-era session they are the ones sent with `initialize`.
 */
export function requestClientCapabilities(server: McpServer, context: ServerContext): unknown {
  const envelope: Record<string, unknown> | undefined = context.mcpReq.envelope;
  if (envelope !== undefined && CLIENT_CAPABILITIES_META_KEY in envelope) {
    return envelope[CLIENT_CAPABILITIES_META_KEY];
  }
  // Deprecated for modern requests only; on 2025-era sessions it is the initialize-scoped value.
  return server.server.getClientCapabilities();
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
