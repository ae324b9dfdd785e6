import { createServer } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { serveAsChild } from '../lib/serve-child.ts';

// The SDK floor: what the official MCP SDK v2 costs on its own for the same tools/call, with the
// same per-request server factory the template uses but no app-kit, guards, CORS, logging or
// widget registry. The template's ratio to this shows Gatehouse's own overhead.

const input = z.object({ message: z.string().trim().min(1).max(2000) });

const handler = createMcpHandler(
  () => {
    const server = new McpServer({ name: 'sdk-floor', version: '1.0.0' });
    server.registerTool(
      'echo',
      { description: 'Echoes the message', inputSchema: input },
      ({ message }) => ({
        content: [{ type: 'text', text: `Echo: ${message}` }],
        structuredContent: { echoedMessage: message, timestamp: new Date().toISOString() },
      }),
    );
    return server;
  },
  { legacy: 'reject' },
);
const mcp = toNodeHandler(handler);

const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  void mcp(req as Parameters<typeof mcp>[0], res);
});
serveAsChild(server);
