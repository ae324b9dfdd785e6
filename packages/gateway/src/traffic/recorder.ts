import type { OutgoingHttpHeaders } from 'node:http';
import type { ExchangeDecision, McpExchange } from '@gatehouse/core';
import { BodyCapture } from './body-capture.ts';
import { describeRequest, eraOf } from './describe.ts';
import { maskHeaders } from './mask.ts';

/** Who made a call, as policy saw it: kept beside the exchange (never shown) for replays. */
export interface CallerIdentity {
  readonly sub: string;
  readonly email: string | null;
  readonly name: string | null;
  readonly groups: readonly string[];
  /** The policy's `session.id` (`oauth:<grant>`). */
  readonly session: string;
}

export interface RecorderStart {
  readonly id: string;
  readonly routeId: string;
  readonly route: string;
  readonly namespace?: string;
  /** The route's Host, to find the route again for a replay. */
  readonly host: string;
  readonly requestId: string;
  readonly httpMethod: string;
  readonly path: string;
  readonly ip: string;
  readonly requestHeaders: Readonly<Record<string, string | string[] | undefined>>;
  readonly startedAt: number;
  readonly bodyLimit: number;
  readonly replayOf?: string;
}

/**
 * A finished capture: the masked exchange plus who made it (kept in memory only, for replays).
 * The raw body is NOT kept: a replay sends the masked capture, so a secret is never re-sent.
 */
export interface Recorded {
  readonly exchange: McpExchange;
  readonly caller?: CallerIdentity;
  readonly ip: string;
  readonly host: string;
}

/**
 * Builds one exchange from hooks on the request path. Nothing is masked or parsed until
 * `finish`, which runs after the client got its answer.
 */
export class ExchangeRecorder {
  private body: Buffer | undefined;
  private caller: CallerIdentity | undefined;
  private decision: ExchangeDecision = 'allow';
  private reasons: readonly string[] = [];
  private user: string | null = null;
  private status = 0;
  private responseHeaders: OutgoingHttpHeaders = {};
  private firstByteAt: number | undefined;
  private readonly response: BodyCapture;
  private readonly start: RecorderStart;
  private readonly now: () => number;

  constructor(start: RecorderStart, now: () => number) {
    this.start = start;
    this.now = now;
    this.response = new BodyCapture(start.bodyLimit);
  }

  requestBody(body: Buffer): void {
    this.body = body;
  }

  identified(caller: CallerIdentity, user: string): void {
    this.caller = caller;
    this.user = user;
  }

  decided(outcome: ExchangeDecision, reasons: readonly string[], user: string | null): void {
    this.decision = outcome;
    this.reasons = reasons;
    if (user !== null) this.user = user;
  }

  upstreamResponded(): void {
    this.firstByteAt ??= this.now();
  }

  responseHead(status: number, headers: OutgoingHttpHeaders): void {
    this.status = status;
    this.responseHeaders = headers;
  }

  responseChunk(chunk: Buffer | string): void {
    this.response.add(chunk);
  }

  finish(status: number): Recorded {
    const s = this.start;
    const headerVersion = s.requestHeaders['mcp-protocol-version'];
    const facts = describeRequest(
      this.body,
      typeof headerVersion === 'string' ? headerVersion : undefined,
    );
    const requestCapture = new BodyCapture(s.bodyLimit);
    if (this.body !== undefined) requestCapture.add(this.body);
    const request = this.body === undefined ? undefined : requestCapture.finish(false);
    const contentType = String(this.responseHeaders['content-type'] ?? '');
    const response = this.response.finish(/^text\/event-stream/i.test(contentType));
    const rpcError = /"error"\s*:\s*\{\s*"code"\s*:\s*(-?\d+)/.exec(response.text)?.[1];
    const sessionId = s.requestHeaders['mcp-session-id'] ?? this.responseHeaders['mcp-session-id'];
    const exchange: McpExchange = {
      id: s.id,
      routeId: s.routeId,
      route: s.route,
      ...(s.namespace === undefined ? {} : { namespace: s.namespace }),
      user: this.user,
      ...(facts.clientName === undefined ? {} : { clientName: facts.clientName }),
      ...(facts.clientVersion === undefined ? {} : { clientVersion: facts.clientVersion }),
      protocolEra: eraOf(facts.protocolVersion),
      ...(facts.protocolVersion === undefined ? {} : { protocolVersion: facts.protocolVersion }),
      method: facts.method ?? s.httpMethod,
      ...(facts.target === undefined ? {} : { target: facts.target }),
      decision: this.decision,
      status: status || this.status,
      ...(rpcError === undefined ? {} : { rpcError: Number(rpcError) }),
      timings: {
        startedAt: s.startedAt,
        ...(this.firstByteAt === undefined
          ? {}
          : { upstreamFirstByteMs: this.firstByteAt - s.startedAt }),
        totalMs: this.now() - s.startedAt,
      },
      requestBytes: this.body?.length ?? 0,
      responseBytes: response.bytes,
      truncated: response.truncated || (request?.truncated ?? false),
      ...(s.replayOf === undefined ? {} : { replayOf: s.replayOf }),
      inProgress: false,
      requestId: s.requestId,
      httpMethod: s.httpMethod,
      path: s.path,
      ...(typeof sessionId === 'string' ? { sessionId } : {}),
      reasons: this.reasons,
      requestHeaders: maskHeaders(s.requestHeaders),
      responseHeaders: maskHeaders(this.responseHeaders),
      ...(request === undefined ? {} : { request }),
      response,
    };
    return {
      exchange,
      ...(this.caller === undefined ? {} : { caller: this.caller }),
      ip: s.ip,
      host: s.host,
    };
  }
}
