import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './json.ts';

const HINT = 'The MCP endpoint is /mcp: use the full URL ending in /mcp as the MCP server URL.';

/** A JSON POST or a request for an event stream: what an MCP client sends. */
export function looksLikeMcp(req: IncomingMessage): boolean {
  const type = req.headers['content-type'] ?? '';
  const accept = req.headers.accept ?? '';
  return (
    (req.method === 'POST' && /^application\/json\b/i.test(type)) ||
    accept.includes('text/event-stream')
  );
}

/**
 * 404 for any path but /mcp, /health and /assets/*. An MCP client (the usual mistake: the server
 * URL without /mcp) gets a JSON-RPC error, which MCP clients show as the message; others JSON.
 */
export function sendNotFound(req: IncomingMessage, res: ServerResponse): void {
  if (looksLikeMcp(req)) {
    sendJson(res, 404, {
      jsonrpc: '2.0',
      id: null,
      error: { code: -32000, message: `Not found: no MCP endpoint at this path. ${HINT}` },
    });
    return;
  }
  sendJson(res, 404, { error: 'not_found', message: `Not found. ${HINT}` });
}
