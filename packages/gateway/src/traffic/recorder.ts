import type { OutgoingHttpHeaders } from 'node:http';
import type { ExchangeDecision, McpExchange } from '@gatehouse/core';
import { BodyCapture } from './body-capture.ts';
import { buildExchange } from './build-exchange.ts';
import { describeRequest } from './describe.ts';
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
 * A capture: the masked exchange plus who made it (kept in memory only, for replays). The raw
 * body is NOT kept once the exchange is built: a replay sends the masked capture, so a secret is
 * never re-sent. `ExchangeRecorder` is one (built on first read); a restored capture is a plain
 * object.
 */
export interface Recorded {
  readonly exchange: McpExchange;
  readonly caller?: CallerIdentity | undefined;
  readonly ip: string;
  readonly host: string;
}

/** What the recorder saw so far: the input of `buildExchange`. */
export interface RecorderState {
  readonly start: RecorderStart;
  readonly body: Buffer | undefined;
  readonly decision: ExchangeDecision;
  readonly reasons: readonly string[];
  readonly user: string | null;
  readonly status: number;
  readonly responseHeaders: OutgoingHttpHeaders;
  readonly firstByteAt: number | undefined;
  readonly response: BodyCapture;
  /** Undefined while the answer is still being sent. */
  readonly endedAt: number | undefined;
  readonly ownerAccountId: string | undefined;
  readonly client: { readonly name: string; readonly version?: string } | undefined;
}

/** Estimated bytes per kept body byte once built: the masked text (UTF-16) and SSE events. */
const BUILT_FACTOR = 4;

/**
 * Builds one exchange from hooks on the request path. Nothing is parsed or masked on that path:
 * `exchange` builds (parses, masks) on first read, i.e. when a view, a live subscriber or the
 * store asks, and then drops the raw bytes. Until then the raw capture stays in this process's
 * memory only, bounded like the ring (issue 16's benchmark: ≤ 0.1 ms added per call).
 */
export class ExchangeRecorder implements Recorded {
  private body: Buffer | undefined;
  private caller_: CallerIdentity | undefined;
  private decision: ExchangeDecision = 'allow';
  private reasons: readonly string[] = [];
  private user: string | null = null;
  private status = 0;
  private responseHeaders: OutgoingHttpHeaders = {};
  private firstByteAt: number | undefined;
  private endedAt: number | undefined;
  private response: BodyCapture;
  private built: McpExchange | undefined;
  /** The request headers' share of `approxBytes`, counted once. */
  private headerBytes: number | undefined;
  private owner: string | undefined;
  private client_: { readonly name: string; readonly version?: string } | undefined;
  private readonly start: RecorderStart;
  private readonly now: () => number;

  constructor(start: RecorderStart, now: () => number) {
    this.start = start;
    this.now = now;
    this.response = new BodyCapture(start.bodyLimit);
  }

  get id(): string {
    return this.start.id;
  }
  get routeId(): string {
    return this.start.routeId;
  }
  get namespace(): string | undefined {
    return this.start.namespace;
  }
  get ip(): string {
    return this.start.ip;
  }
  get host(): string {
    return this.start.host;
  }
  get caller(): CallerIdentity | undefined {
    return this.caller_;
  }
  get inProgress(): boolean {
    return this.endedAt === undefined;
  }
  /** The session id in either direction's headers (legacy era), without building anything. */
  get sessionId(): string | undefined {
    const id =
      this.start.requestHeaders['mcp-session-id'] ?? this.responseHeaders['mcp-session-id'];
    return typeof id === 'string' ? id : undefined;
  }

  /** The client the request names (initialize's `clientInfo`, `_meta`), parsing only the request. */
  clientNamed(): { readonly name: string; readonly version?: string } | undefined {
    if (this.built !== undefined) {
      const { clientName, clientVersion } = this.built;
      if (clientName === undefined) return undefined;
      return {
        name: clientName,
        ...(clientVersion === undefined ? {} : { version: clientVersion }),
      };
    }
    if (this.body === undefined || !this.body.includes('clientInfo')) return undefined;
    const facts = describeRequest(this.body);
    if (facts.clientName === undefined) return undefined;
    const { clientVersion } = facts;
    return {
      name: facts.clientName,
      ...(clientVersion === undefined ? {} : { version: clientVersion }),
    };
  }

  /** The exchange as captured so far, masked; built once per change of state. */
  get exchange(): McpExchange {
    if (this.built !== undefined) return this.built;
    const built = buildExchange(this.state());
    if (this.endedAt === undefined) return built; // still streaming: more may come
    this.built = built;
    // Built and final: the raw bytes (which may hold secrets) go.
    this.body = undefined;
    this.response = new BodyCapture(0);
    return built;
  }

  /** Approximate bytes held, for the ring's budget (ring.ts). */
  approxBytes(): number {
    if (this.headerBytes === undefined) {
      this.headerBytes = 512;
      for (const [k, v] of Object.entries(this.start.requestHeaders)) {
        this.headerBytes += 2 * (k.length + String(v).length) + 32;
      }
    }
    const size = this.headerBytes;
    const body = Math.min(this.body?.length ?? 0, this.start.bodyLimit);
    return size + BUILT_FACTOR * (body + this.response.kept);
  }

  requestBody(body: Buffer): void {
    this.body = body;
  }

  identified(caller: CallerIdentity, user: string): void {
    this.caller_ = caller;
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
    // Masked at once, like the request's (set-cookie never waits in memory for a first read).
    this.responseHeaders = maskHeaders(headers);
  }

  responseChunk(chunk: Buffer | string): void {
    this.response.add(chunk);
  }

  /** The route owner's account (tunnel routes), set before the exchange is first read. */
  setOwner(userId: string): void {
    this.owner = userId;
    // The stored field keeps its name, `ownerAccountId` (captures persist across versions).
    if (this.built !== undefined) this.built = { ...this.built, ownerAccountId: userId };
  }

  /** A legacy session's client, named by its earlier `initialize` (session-clients.ts). */
  setClient(client: { readonly name: string; readonly version?: string }): void {
    this.client_ = client;
    if (this.built === undefined) return;
    const { version } = client;
    this.built = {
      ...this.built,
      clientName: client.name,
      ...(version === undefined ? {} : { clientVersion: version }),
    };
  }

  /** The answer has ended with `status`: the exchange is final (built on first read). */
  finish(status: number): this {
    this.endedAt = this.now();
    this.status = status || this.status;
    this.built = undefined;
    return this;
  }

  private state(): RecorderState {
    return {
      start: this.start,
      body: this.body,
      decision: this.decision,
      reasons: this.reasons,
      user: this.user,
      status: this.endedAt === undefined ? 0 : this.status,
      responseHeaders: this.responseHeaders,
      firstByteAt: this.firstByteAt,
      response: this.response,
      endedAt: this.endedAt,
      ownerAccountId: this.owner,
      client: this.client_,
    };
  }
}

/** A capture's id, without building a recorder's exchange. */
export const idOf = (r: Recorded): string => (r instanceof ExchangeRecorder ? r.id : r.exchange.id);
/** A capture's route id, without building a recorder's exchange. */
export const routeIdOf = (r: Recorded): string =>
  r instanceof ExchangeRecorder ? r.routeId : r.exchange.routeId;
/** A capture's tunnel namespace (undefined: a configured route), without building. */
export const namespaceOf = (r: Recorded): string | undefined =>
  r instanceof ExchangeRecorder ? r.namespace : r.exchange.namespace;
