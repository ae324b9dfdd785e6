/** MCP Apps (SEP-1865) resource MIME type; hosts ignore UI resources with any other type. */
export const RESOURCE_MIME_TYPE = 'text/html;profile=mcp-app';

/** Extension id a client advertises under `capabilities.extensions` when it can render UI. */
export const UI_EXTENSION_ID = 'io.modelcontextprotocol/ui';

/** The build writes this file into the assets folder; the registry reads it. */
export const MANIFEST_FILE = 'manifest.json';
