import type {
  McpExchange,
  McpExchangeSummary,
  McpTrafficInspector,
  ReplayOptions,
  ReplayResult,
  TrafficFilter,
  TrafficListener,
  TrafficViewer,
} from '@gatehouse/core';

/**
 * A small in-memory implementation of the McpTrafficInspector PORT (packages/core/src/traffic.ts)
 * for the views' tests, until the gateway's real capture (src/traffic, issue 16) lands: the tests
 * add exchanges as the capture would. Ownership works as the port says: a viewer sees only
 * exchanges of routes it owns (admins: all), and anything else looks like it does not exist.
 */
export class MemoryTrafficInspector implements McpTrafficInspector {
  readonly exchanges: McpExchange[] = [];
  readonly replays: { id: string; options: ReplayOptions | undefined }[] = [];
  /** What a replay answers (the test plays the upstream); default: the original's answer. */
  replayAnswer: (
    original: McpExchange,
    options: ReplayOptions | undefined,
  ) => Partial<McpExchange> = () => ({});
  readonly #listeners = new Set<{
    viewer: TrafficViewer;
    filter: TrafficFilter;
    listener: TrafficListener;
  }>();
  #next = 1;

  /** Records an exchange as the capture would and tells live listeners. */
  add(fields: Partial<McpExchange> & { readonly ownerAccountId: string }): McpExchange {
    const id = fields.id ?? `x${String(this.#next++)}`;
    const exchange: McpExchange = { ...exchangeDefaults(id), ...fields, id };
    this.exchanges.push(exchange);
    this.#emit('exchange', exchange);
    return exchange;
  }

  /** Completes a streaming exchange (same id, `inProgress: false`). */
  complete(id: string, fields: Partial<McpExchange>): void {
    const i = this.exchanges.findIndex((x) => x.id === id);
    const before = this.exchanges[i];
    if (before === undefined) return;
    const after = { ...before, ...fields, inProgress: false };
    this.exchanges[i] = after;
    this.#emit('complete', after);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  list(viewer: TrafficViewer, filter: TrafficFilter = {}): Promise<readonly McpExchangeSummary[]> {
    const out = this.exchanges
      .filter((x) => visible(viewer, x) && matches(filter, x))
      .reverse()
      .slice(0, filter.limit ?? 100);
    return Promise.resolve(out);
  }

  get(viewer: TrafficViewer, id: string): Promise<McpExchange | undefined> {
    const x = this.exchanges.find((e) => e.id === id);
    return Promise.resolve(x !== undefined && visible(viewer, x) ? x : undefined);
  }

  subscribe(viewer: TrafficViewer, filter: TrafficFilter, listener: TrafficListener): () => void {
    const entry = { viewer, filter, listener };
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  replay(viewer: TrafficViewer, id: string, options?: ReplayOptions): Promise<ReplayResult> {
    const original = this.exchanges.find((e) => e.id === id);
    if (original === undefined || !visible(viewer, original)) {
      return Promise.resolve({ ok: false, reason: 'not-found', message: 'No such call.' });
    }
    if (original.method !== 'tools/call') {
      return Promise.resolve({
        ok: false,
        reason: 'not-replayable',
        message: 'Only tools/call can be replayed.',
      });
    }
    this.replays.push({ id, options });
    const request = JSON.parse(original.request?.text ?? '{}') as { params?: object };
    const params = {
      ...request.params,
      ...(options?.arguments ? { arguments: options.arguments } : {}),
    };
    const text = JSON.stringify({ ...request, params });
    const exchange = this.add({
      ...original,
      id: undefined,
      ownerAccountId: original.ownerAccountId ?? '',
      replayOf: id,
      request: { text, bytes: text.length, truncated: false },
      timings: { ...original.timings, startedAt: Date.now() },
      ...this.replayAnswer(original, options),
    } as Partial<McpExchange> & { ownerAccountId: string });
    return Promise.resolve({ ok: true, exchange });
  }

  #emit(type: 'exchange' | 'complete', exchange: McpExchange): void {
    for (const { viewer, filter, listener } of this.#listeners) {
      if (visible(viewer, exchange) && matches(filter, exchange)) listener({ type, exchange });
    }
  }
}

function visible(viewer: TrafficViewer, x: McpExchangeSummary): boolean {
  return viewer.admin || x.ownerAccountId === viewer.userId;
}

function matches(filter: TrafficFilter, x: McpExchange): boolean {
  if (filter.route !== undefined && filter.route !== x.routeId && filter.route !== x.route)
    return false;
  if (filter.method !== undefined && filter.method !== x.method) return false;
  if (filter.target !== undefined && filter.target !== x.target) return false;
  if (filter.decision !== undefined && filter.decision !== x.decision) return false;
  if (filter.status !== undefined && filter.status !== x.status) return false;
  if (filter.text !== undefined) {
    const hay = [x.method, x.target, x.user, x.request?.text, x.response?.text]
      .join('\n')
      .toLowerCase();
    if (!hay.includes(filter.text.toLowerCase())) return false;
  }
  return true;
}

/** A finished `tools/call echo` on `mcp.brave-otter-123`, as the capture records one. */
function exchangeDefaults(id: string): McpExchange {
  const request = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'echo', arguments: { text: 'hello' } },
  });
  const response = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    result: { content: [{ type: 'text', text: 'hello' }] },
  });
  return {
    id,
    routeId: 'mcp.brave-otter-123',
    namespace: 'brave-otter-123',
    route: 'mcp',
    user: 'ada@example.com',
    clientName: 'test-client',
    clientVersion: '1.0.0',
    protocolEra: 'legacy',
    protocolVersion: '2025-11-25',
    method: 'tools/call',
    target: 'echo',
    decision: 'allow',
    status: 200,
    timings: { startedAt: Date.now(), upstreamFirstByteMs: 3, totalMs: 5 },
    requestBytes: request.length,
    responseBytes: response.length,
    truncated: false,
    inProgress: false,
    requestId: `req-${id}`,
    httpMethod: 'POST',
    path: '/mcp',
    sessionId: 'session-1',
    reasons: ['mcp-tool-allowed'],
    requestHeaders: {
      host: 'mcp.brave-otter-123.localhost:8787',
      authorization: '[masked]',
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': 'session-1',
    },
    responseHeaders: { 'content-type': 'application/json' },
    request: { text: request, bytes: request.length, truncated: false },
    response: { text: response, bytes: response.length, truncated: false },
  };
}
