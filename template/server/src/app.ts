import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  createHealthHandler,
  type AppToolDefinition,
  type WidgetRegistry,
} from '@gatehouse/app-kit';
import type { Logger } from '@gatehouse/core';
import { answerPreflight, applyCors } from './http/cors.ts';
import { flushingSse } from './http/flush-sse.ts';
import { isHostAllowed, isOriginAllowed } from './http/guards.ts';
import { sendJson } from './http/json.ts';
import { sendNotFound } from './http/not-found.ts';
import { serveAsset } from './http/static-assets.ts';
import { createMcpEndpoint, type McpEndpoint } from './mcp/endpoint.ts';
import { createMcpServer } from './mcp/server.ts';

export interface AppOptions {
  readonly name: string;
  readonly version: string;
  readonly logger: Logger;
  readonly registry: WidgetRegistry;
  readonly tools: readonly AppToolDefinition[];
  readonly assetsDir: string;
  readonly allowedOrigins: readonly string[];
  readonly allowedHosts: readonly string[];
  readonly sessionMaxAgeMs: number;
  readonly maxBodyBytes: number;
}

export interface App {
  readonly server: Server;
  readonly endpoint: McpEndpoint;
  /** Stops accepting, ends sessions, and drops connections still open after `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

/** The HTTP server: `/mcp` (both MCP eras), `/health`, and `/assets/*` (built widgets). */
export function createApp(options: AppOptions): App {
  const { logger } = options;
  const endpoint = createMcpEndpoint({
    createServer: () => createMcpServer(options),
    logger,
    sessionMaxAgeMs: options.sessionMaxAgeMs,
    maxBodyBytes: options.maxBodyBytes,
  });
  const mcp = toNodeHandler(endpoint, {
    maxRequestBodySize: options.maxBodyBytes,
    onerror: (error) => logger.error({ err: error.message }, 'MCP handler failed'),
  });
  const health = createHealthHandler({
    name: options.name,
    version: options.version,
    sessions: () => endpoint.sessions.size,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!isHostAllowed(req.headers.host, options)) {
      logger.warn({ host: req.headers.host, path }, 'refused: Host not allowed');
      sendJson(res, 403, {
        error: 'forbidden_host',
        message: 'Host not allowed. Add the public host name to ALLOWED_HOSTS.',
      });
      return;
    }
    if (path === '/health') return health(req, res);
    if (path.startsWith('/assets/'))
      return serveAsset(req, res, options.assetsDir, path.slice('/assets/'.length));
    if (path !== '/mcp') return sendNotFound(req, res);
    const origin = req.headers.origin;
    if (!isOriginAllowed(origin, options)) {
      logger.warn({ origin, path }, 'refused: Origin not allowed');
      sendJson(res, 403, {
        jsonrpc: '2.0',
        error: {
          code: -32000,
          message: 'Forbidden: Origin not allowed. Add it to ALLOWED_ORIGINS.',
        },
        id: null,
      });
      return;
    }
    if (origin !== undefined) applyCors(res, origin);
    if (req.method === 'OPTIONS') return answerPreflight(res);
    if (!['GET', 'POST', 'DELETE'].includes(req.method ?? '')) {
      sendJson(
        res,
        405,
        { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed' }, id: null },
        {
          Allow: 'GET, POST, DELETE, OPTIONS',
        },
      );
      return;
    }
    // IncomingMessage fits the adapter's request shape; only exactOptionalPropertyTypes objects to
    // `method: string | undefined` against `method?: string`.
    await mcp(req as Parameters<typeof mcp>[0], flushingSse(res));
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const id = randomUUID();
    res.on('finish', () => {
      logger.debug(
        {
          req: id,
          method: req.method,
          path: req.url?.split('?')[0],
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });
    handle(req, res).catch((error: unknown) => {
      logger.error(
        { req: id, err: error instanceof Error ? error.message : String(error) },
        'request failed',
      );
      if (!res.headersSent)
        sendJson(res, 500, { error: 'internal_error', message: 'Internal server error' });
      else res.destroy();
    });
  });

  return {
    server,
    endpoint,
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      timer.unref();
      await endpoint.close();
      // Open SSE streams end when their sessions close; anything left is cut at the deadline.
      server.closeIdleConnections();
      await closed;
      clearTimeout(timer);
    },
  };
}
