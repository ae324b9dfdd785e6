import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

// The throughput and cold-start baseline: the least a Node server can do to answer the same
// tools/call. Plain node:http, no framework, no logger, no validation beyond what is needed to
// build the same answer. Self-contained (node: imports only) so the bench can run it as plain
// JavaScript, like the template's production build.

const MCP_PATH = '/mcp';

interface EchoCall {
  readonly id: string | number;
  readonly message: string;
}

function parseEchoCall(text: string): EchoCall | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { id, method, params } = body as { id?: unknown; method?: unknown; params?: unknown };
  if (method !== 'tools/call' || (typeof id !== 'string' && typeof id !== 'number'))
    return undefined;
  const args = (params as { arguments?: { message?: unknown } } | undefined)?.arguments;
  if (typeof args?.message !== 'string') return undefined;
  return { id, message: args.message };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/health') {
    send(res, 200, { status: 'ok' });
    return;
  }
  if (req.url !== MCP_PATH || req.method !== 'POST') {
    send(res, 404, { error: 'not_found' });
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const call = parseEchoCall(Buffer.concat(chunks).toString('utf8'));
    if (call === undefined) {
      send(res, 400, {
        jsonrpc: '2.0',
        error: { code: -32600, message: 'Invalid request' },
        id: null,
      });
      return;
    }
    // Same result shape as the template's echo tool (content + structuredContent).
    send(res, 200, {
      jsonrpc: '2.0',
      id: call.id,
      result: {
        content: [{ type: 'text', text: `Echo: ${call.message}` }],
        structuredContent: { echoedMessage: call.message, timestamp: new Date().toISOString() },
      },
    });
  });
}

const server = createServer(handle);
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  // The same readiness line the template logs (one JSON object per line).
  process.stdout.write(`${JSON.stringify({ level: 30, msg: 'Server started', port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
