import { CLIENT_CAPABILITIES_META_KEY } from '@modelcontextprotocol/server';
import { RESOURCE_MIME_TYPE, UI_EXTENSION_ID } from './constants.ts';

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

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
