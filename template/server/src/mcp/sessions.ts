import type {
  McpServer,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';

interface Session {
  readonly server: McpServer;
  readonly transport: WebStandardStreamableHTTPServerTransport;
  lastSeen: number;
}

/**
 * Live 2025-era sessions (Mcp-Session-Id → transport). A session idle for longer than
 * `maxAgeMs` is closed; afterwards its id answers 404, as the spec requires.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: { maxAgeMs: number; now?: () => number }) {
    this.#maxAgeMs = options.maxAgeMs;
    this.#now = options.now ?? Date.now;
    this.#sweeper = setInterval(
      () => void this.sweep(),
      Math.min(60_000, Math.max(250, options.maxAgeMs / 4)),
    );
    this.#sweeper.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  add(id: string, server: McpServer, transport: WebStandardStreamableHTTPServerTransport): void {
    this.#sessions.set(id, { server, transport, lastSeen: this.#now() });
  }

  /** The live session, refreshed; undefined when unknown or expired. */
  get(id: string): Session | undefined {
    const session = this.#sessions.get(id);
    if (session === undefined) return undefined;
    if (this.#now() - session.lastSeen > this.#maxAgeMs) {
      void this.close(id);
      return undefined;
    }
    session.lastSeen = this.#now();
    return session;
  }

  /** Forget a session that the transport already ended (DELETE). */
  forget(id: string): Session | undefined {
    const session = this.#sessions.get(id);
    this.#sessions.delete(id);
    return session;
  }

  async close(id: string): Promise<void> {
    const session = this.forget(id);
    if (session === undefined) return;
    await session.server.close().catch(() => undefined);
  }

  async sweep(): Promise<number> {
    const now = this.#now();
    const expired = [...this.#sessions]
      .filter(([, s]) => now - s.lastSeen > this.#maxAgeMs)
      .map(([id]) => id);
    await Promise.all(expired.map((id) => this.close(id)));
    return expired.length;
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#sweeper);
    await Promise.all([...this.#sessions.keys()].map((id) => this.close(id)));
  }
}
