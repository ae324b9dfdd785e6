import { fetchText, header, jsonObject, type ProbeSettings } from './http.ts';

/** The JSON-RPC answer in a JSON or SSE body (Streamable HTTP allows both). */
function jsonRpcAnswer(
  body: string,
  contentType: string,
  id: number,
): Record<string, unknown> | undefined {
  if (!contentType.includes('text/event-stream')) return jsonObject(body);
  for (const event of body.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    const message = data === '' ? undefined : jsonObject(data);
    if (message !== undefined && message['id'] === id) return message;
  }
  return undefined;
}

export interface RpcOutcome {
  readonly status: number;
  readonly message?: Record<string, unknown>;
  readonly sessionId?: string;
}

/**
 * A minimal 2025-11-25 session over raw HTTP (what the hosts speak today), so every answer is
 * seen exactly as sent. The token goes only into the Authorization header.
 */
export class McpSession {
  private sessionId: string | undefined;
  private nextId = 1;
  private readonly url: URL;
  private readonly token: string;
  private readonly settings: ProbeSettings;
  constructor(url: URL, token: string, settings: ProbeSettings) {
    this.url = url;
    this.token = token;
    this.settings = settings;
  }

  headers(): Record<string, string> {
    return {
      authorization: `Bearer ${this.token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
      ...(this.sessionId === undefined ? {} : { 'mcp-session-id': this.sessionId }),
    };
  }

  async call(method: string, params: Record<string, unknown>): Promise<RpcOutcome> {
    const id = this.nextId++;
    const res = await fetchText(
      this.url,
      {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
      },
      this.settings,
    );
    const session = header(res.headers, 'mcp-session-id');
    if (session !== '') this.sessionId = session;
    const message = jsonRpcAnswer(res.body, header(res.headers, 'content-type'), id);
    return { status: res.status, ...(message === undefined ? {} : { message }) };
  }

  async notify(method: string): Promise<void> {
    await fetchText(
      this.url,
      { method: 'POST', headers: this.headers(), body: JSON.stringify({ jsonrpc: '2.0', method }) },
      this.settings,
    );
  }

  /** Ends the session (Streamable HTTP §Session Management); failures do not matter here. */
  async close(): Promise<void> {
    if (this.sessionId === undefined) return;
    await fetchText(this.url, { method: 'DELETE', headers: this.headers() }, this.settings).catch(
      () => undefined,
    );
  }
}
