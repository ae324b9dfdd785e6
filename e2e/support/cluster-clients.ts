import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { Client, type Reply } from '@gatehouse/testing/gateway';
import { connectWithOAuth, MemoryOAuthProvider } from './mcp-oauth.ts';

// Clients that enter one chosen node of a cluster, as if a load balancer had sent them there: the
// connection goes to 127.0.0.1:<node port>, the Host stays the URL's public one. Each records
// `METHOD host/path status` of every answer it got, so a test can say which step entered which
// node and how that node answered.

/** Statuses whose response has no body (Fetch standard, "null body status"). */
const NULL_BODY = new Set([101, 204, 205, 304]);

function headersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('The request was aborted');
}

/**
 * A `fetch` for an MCP SDK client that dials node `port` for every URL (MCP, OAuth discovery,
 * registration, token) with node:http, keeping the URL's Host. Response bodies stream (SSE), and
 * the caller's abort signal ends the connection, so closing the client leaves no stream open.
 */
export function fetchVia(port: number, entered: string[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const signal = init?.signal ?? request.signal;
    const target = new URL(request.url);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    if (body !== undefined) headers['content-length'] = String(body.length);
    const step = `${request.method} ${target.host}${target.pathname}`;
    if (signal.aborted) throw abortError(signal);
    return new Promise<Response>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: `${target.pathname}${target.search}`,
        method: request.method,
        headers: { ...headers, host: target.host },
        agent: false,
      });
      const onAbort = (): void => {
        req.destroy(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      req.once('error', (error) => {
        signal.removeEventListener('abort', onAbort);
        entered.push(`${step} failed`);
        reject(error);
      });
      req.once('response', (res) => {
        res.once('close', () => signal.removeEventListener('abort', onAbort));
        const status = res.statusCode ?? 0;
        entered.push(`${step} ${status}`);
        if (NULL_BODY.has(status)) res.resume();
        const stream = NULL_BODY.has(status)
          ? null
          : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
        resolve(new Response(stream, { status, headers: headersOf(res) }));
      });
      req.end(body);
    });
  };
}

/**
 * `browser` (its cookies, read and written) with every request sent to node `port`: e.g. the
 * authorization and consent steps of an OAuth flow answered by another node than the one the
 * user signed in on.
 */
export class BrowserVia extends Client {
  readonly #of: Client;
  readonly #port: number;
  readonly #entered: string[];
  /** `host:<node port>` → the public host whose cookies it stands for. */
  readonly #publicHost = new Map<string, string>();

  constructor(of: Client, port: number, entered: string[]) {
    super();
    this.#of = of;
    this.#port = port;
    this.#entered = entered;
  }

  override cookies(host: string): Map<string, string> {
    return this.#of.cookies(this.#publicHost.get(host) ?? host);
  }

  override request(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
  ): Promise<Reply> {
    const target = new URL(url);
    const dialed = new URL(url);
    dialed.port = String(this.#port);
    this.#publicHost.set(dialed.host, target.host);
    const step = `${init.method ?? 'GET'} ${target.host}${target.pathname}`;
    const headers = { ...init.headers, host: target.host };
    return super.request(dialed.href, { ...init, headers }).then((reply) => {
      this.#entered.push(`${step} ${reply.status}`);
      return reply;
    });
  }
}

/**
 * A real MCP SDK client's whole OAuth flow (discovery, dynamic registration, authorization code
 * with PKCE), then `initialize`, `tools/list` and an echo `tools/call`. Its own requests enter
 * node `clientPort`; the browser steps (authorize, consent) enter node `browserPort` with
 * `browser`'s session. Returns what each node answered, step by step.
 */
export async function mcpEchoVia(options: {
  mcpUrl: string;
  browser: Client;
  credentials: { email: string; password: string };
  clientPort: number;
  browserPort: number;
  message: string;
}) {
  const onClient: string[] = [];
  const onBrowser: string[] = [];
  const { client } = await connectWithOAuth({
    mcpUrl: options.mcpUrl,
    provider: new MemoryOAuthProvider(),
    browser: new BrowserVia(options.browser, options.browserPort, onBrowser),
    credentials: options.credentials,
    fetch: fetchVia(options.clientPort, onClient),
  });
  try {
    const server = client.getServerVersion()?.name;
    const { tools } = await client.listTools();
    const result = await client.callTool({ name: 'echo', arguments: { message: options.message } });
    return { server, tools: tools.map((t) => t.name), result, onClient, onBrowser };
  } finally {
    await client.close();
  }
}
