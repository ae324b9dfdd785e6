import { randomUUID } from 'node:crypto';
import {
  createMcpHandler,
  isInitializeRequest,
  isLegacyRequest,
  type McpServer,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import type { Logger } from '@gatehouse/core';
import { jsonRpcError } from '../http/json.ts';
import { InMemoryEventStore } from './event-store.ts';
import { SessionStore } from './sessions.ts';

/**
 * Builds the MCP server for one client (a 2025 session or one 2026-07-28 request). It takes no
 * client facts: what the server advertises is the same for everyone, and tools read the
 * caller's capabilities per call.
 */
export type ServerFactory = () => McpServer;

export interface McpEndpointOptions {
  readonly createServer: ServerFactory;
  readonly logger: Logger;
  readonly sessionMaxAgeMs: number;
  readonly maxBodyBytes: number;
  /** Upper bound on live 2025-era sessions; new ones get 503 beyond it. */
  readonly maxSessions?: number;
}

export interface McpEndpoint {
  /** Web-standard face: one HTTP request on /mcp → one response (streamed for SSE). */
  fetch(request: Request): Promise<Response>;
  readonly sessions: SessionStore;
  close(): Promise<void>;
}

/**
 * One `/mcp` endpoint for both protocol eras:
 * - 2026-07-28 (per-request `_meta` envelope, no sessions): the SDK's strict modern handler,
 *   which also checks `Mcp-Method` / `Mcp-Name` against the body (-32020 on mismatch);
 * - 2025-03-26 … 2025-11-25: sessions with `Mcp-Session-Id`, GET SSE streams, DELETE and
 *   resumability, one transport per session.
 * The era is decided by the SDK's own classifier (`isLegacyRequest`), so the two can't disagree.
 */
export function createMcpEndpoint(options: McpEndpointOptions): McpEndpoint {
  const { logger } = options;
  const sessions = new SessionStore({ maxAgeMs: options.sessionMaxAgeMs });
  const maxSessions = options.maxSessions ?? 10_000;
  const onerror = (error: Error): void =>
    logger.warn({ err: error.message }, 'MCP request rejected');

  const modern = createMcpHandler(() => options.createServer(), {
    legacy: 'reject',
    onerror,
    maxRequestBodySize: options.maxBodyBytes,
  });

  async function legacy(request: Request, body: unknown): Promise<Response> {
    const sessionId = request.headers.get('mcp-session-id');
    if (sessionId === null) {
      if (request.method === 'POST' && isInitializeRequest(body))
        return startSession(request, body);
      if (request.method === 'POST') {
        return jsonRpcError(
          400,
          -32000,
          'Bad Request: Mcp-Session-Id header is required (send initialize first)',
        );
      }
      return jsonRpcError(
        405,
        -32000,
        'Method not allowed: GET and DELETE need an Mcp-Session-Id',
        {
          Allow: 'POST',
        },
      );
    }
    const session = sessions.get(sessionId);
    if (session === undefined) {
      // Streamable HTTP §Session Management: an unknown or ended session is 404; re-initialize.
      return jsonRpcError(
        404,
        -32001,
        'Session not found: it expired or was closed; initialize a new one',
      );
    }
    return session.transport.handleRequest(request, body === undefined ? {} : { parsedBody: body });
  }

  async function startSession(request: Request, body: unknown): Promise<Response> {
    if (sessions.size >= maxSessions) {
      return jsonRpcError(503, -32000, 'Too many open sessions; try again later', {
        'Retry-After': '30',
      });
    }
    const server = options.createServer();
    const transport: WebStandardStreamableHTTPServerTransport =
      new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        eventStore: new InMemoryEventStore(),
        retryInterval: 1000,
        maxRequestBodySize: options.maxBodyBytes,
        onsessioninitialized: (id) => {
          sessions.add(id, server, transport);
          logger.debug({ session: id }, 'session opened');
        },
        onsessionclosed: async (id) => {
          sessions.forget(id);
          logger.debug({ session: id }, 'session closed by client');
          await server.close();
        },
      });
    await server.connect(transport);
    return transport.handleRequest(request, { parsedBody: body });
  }

  return {
    sessions,
    async fetch(request) {
      let body: unknown;
      if (request.method === 'POST') {
        const text = await request.text();
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          return jsonRpcError(400, -32700, 'Parse error: the request body is not valid JSON');
        }
      }
      if (await isLegacyRequest(request, body, { maxRequestBodySize: options.maxBodyBytes })) {
        return legacy(request, body);
      }
      return modern.fetch(request, body === undefined ? {} : { parsedBody: body });
    },
    async close() {
      await Promise.all([modern.close(), sessions.closeAll()]);
    },
  };
}
