import type { IncomingMessage } from 'node:http';
import { jsonRpcError, SERVER_ERROR } from '../mcp/inspect/index.ts';
import { normalisePrmPath } from '../mcp/resource/prm-path.ts';

/** A JSON POST or a request for an event stream: what an MCP client sends (Streamable HTTP). */
export function looksLikeMcpRequest(req: IncomingMessage): boolean {
  const type = req.headers['content-type'] ?? '';
  const accept = req.headers.accept ?? '';
  return (
    (req.method === 'POST' && /^application\/json\b/i.test(type)) ||
    (req.method === 'GET' && accept.includes('text/event-stream'))
  );
}

/**
 * The usual mistake is the route's URL without its MCP path (`https://host/`). Without a token
 * such a request would get the 401 challenge for `mcpResource`, and the client's OAuth then fails
 * on a resource that is not the URL it was given (RFC 9728 §3.3). So an MCP-looking request
 * without credentials to another path gets a 404 that names the MCP URL. `mcpResource` comes from
 * config, never from Host or forwarded headers. Returns undefined when the request is not that.
 */
export function wrongPathAnswer(
  req: IncomingMessage,
  path: string,
  mcpResource: string,
): Buffer | undefined {
  if (req.headers.authorization !== undefined || !looksLikeMcpRequest(req)) return undefined;
  const mcpPath = normalisePrmPath(new URL(mcpResource).pathname);
  if (normalisePrmPath(path) === mcpPath) return undefined;
  return jsonRpcError(
    null,
    SERVER_ERROR,
    `Not found: no MCP endpoint at this path. This server's MCP endpoint is ${mcpResource}: ` +
      `use that URL as the MCP server URL.`,
  );
}
