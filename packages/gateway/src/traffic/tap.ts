import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Decision } from '@gatehouse/policy';
import type { ResolvedRoute } from '../config/index.ts';
import type { TrafficInspector } from './inspector.ts';
import { maskHeaders } from './mask.ts';
import { ExchangeRecorder, type CallerIdentity } from './recorder.ts';
import { routeNames } from './route-names.ts';

/** What the MCP route tells the capture once it knows the caller and the policy's answer. */
export interface ObservedCall {
  readonly body: Buffer | undefined;
  /** The verified access token's claims (only these fields are kept). */
  readonly token: {
    readonly sub: string;
    readonly email: string | null;
    readonly name: string | null;
    readonly groups: readonly string[];
    readonly grantId: string;
  };
  readonly user: string;
  readonly decision: Pick<Decision, 'outcome' | 'reasons'>;
}

/** The edge's handle on one captured request: two hook calls, the rest taps the response. */
export interface EdgeCapture {
  /** The decision log line (every outcome, also refusals before authentication). */
  readonly decided: (outcome: string, reasons: readonly string[], user: string | null) => void;
  /** The MCP route's policy decision with the caller and the request body. */
  readonly observe: (call: ObservedCall) => void;
}

export interface BeginCapture {
  readonly route: ResolvedRoute;
  readonly requestId: string;
  readonly path: string;
  readonly ip: string;
}

/** CORS preflights and discovery metadata are not MCP calls: they are not captured. */
function isNoise(req: IncomingMessage, path: string): boolean {
  return req.method === 'OPTIONS' || path.startsWith('/.well-known/');
}

/**
 * Starts capturing one request on an MCP route (undefined: this route or request is not
 * captured). The response is observed by wrapping `writeHead`/`write`/`end` of `res`: every
 * byte still goes to the client as before, so a 10 MB answer is delivered whole while the
 * capture keeps only `inspect.max_body_bytes` of it.
 */
export function beginCapture(
  inspector: TrafficInspector,
  settings: { readonly maxBodyBytes: number },
  now: () => number,
  req: IncomingMessage,
  res: ServerResponse,
  at: BeginCapture,
): EdgeCapture | undefined {
  if (!inspector.captures(at.route) || isNoise(req, at.path)) return undefined;
  const tunnel = at.route.to.startsWith('tunnel:');
  const names = routeNames(at.route.id, tunnel);
  const recorder = new ExchangeRecorder(
    {
      id: inspector.newId(),
      routeId: at.route.id,
      route: names.route,
      ...(names.namespace === undefined ? {} : { namespace: names.namespace }),
      host: at.route.host,
      requestId: at.requestId,
      httpMethod: req.method ?? 'GET',
      path: at.path,
      ip: at.ip,
      // Headers are masked at once (a small, fixed cost): an Authorization or cookie value is
      // never held by the capture, not even until the first read builds the exchange.
      requestHeaders: maskHeaders(req.headers),
      startedAt: now(),
      bodyLimit: settings.maxBodyBytes,
    },
    now,
  );
  let forwarded = false;
  let started: Promise<void> | undefined;
  tapResponse(res, {
    head(status, headers) {
      // The proxy writes the upstream's head as soon as it arrives (forward-pool.ts onResponseStart).
      if (forwarded) recorder.upstreamResponded();
      recorder.responseHead(status, headers);
    },
    chunk: (chunk) => recorder.responseChunk(chunk),
  });
  res.once('close', () => {
    recorder.finish(res.statusCode);
    // After `started` (in the ring, in progress), so views see it begin before it completes.
    const record = () => inspector.record(recorder);
    void (started === undefined ? record() : started.then(record, record)).catch(() => undefined);
  });
  return {
    decided: (outcome, reasons, user) => {
      recorder.decided(
        outcome === 'allow' ? 'allow' : outcome === 'error' ? 'error' : 'deny',
        reasons,
        user,
      );
    },
    observe: (call) => {
      if (call.body !== undefined) recorder.requestBody(call.body);
      const { sub, email, name, groups, grantId } = call.token;
      const caller: CallerIdentity = { sub, email, name, groups, session: `oauth:${grantId}` };
      recorder.identified(caller, call.user);
      recorder.decided(
        call.decision.outcome === 'allow' ? 'allow' : 'deny',
        call.decision.reasons,
        call.user,
      );
      forwarded = call.decision.outcome === 'allow';
      // Allowed: the request goes to the upstream now; views show it in progress.
      if (forwarded) started = inspector.started(recorder);
    },
  };
}

interface ResponseTap {
  head(status: number, headers: OutgoingHttpHeaders): void;
  chunk(chunk: Buffer | string): void;
}

type AnyFn = (...args: unknown[]) => unknown;

function isChunk(value: unknown): value is Buffer | string {
  return typeof value === 'string' || value instanceof Uint8Array;
}

function asBuffer(value: Buffer | string | Uint8Array): Buffer | string {
  return typeof value === 'string' || Buffer.isBuffer(value)
    ? value
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** Observes what `res` sends, without changing it (the same arguments reach Node). */
function tapResponse(res: ServerResponse, tap: ResponseTap): void {
  const writeHead = res.writeHead.bind(res) as unknown as AnyFn;
  const write = res.write.bind(res) as unknown as AnyFn;
  const end = res.end.bind(res) as unknown as AnyFn;
  let headed = false;
  const head = (args: readonly unknown[]): void => {
    if (headed) return;
    headed = true;
    const last = args.findLast((a) => a !== null && typeof a === 'object' && !Array.isArray(a));
    const headers: OutgoingHttpHeaders = {
      ...res.getHeaders(),
      ...(last as OutgoingHttpHeaders | undefined),
    };
    tap.head(typeof args[0] === 'number' ? args[0] : res.statusCode, headers);
  };
  const patched = {
    writeHead(...args: unknown[]): unknown {
      head(args);
      return writeHead(...args);
    },
    write(...args: unknown[]): unknown {
      head([res.statusCode]);
      if (isChunk(args[0])) tap.chunk(asBuffer(args[0]));
      return write(...args);
    },
    end(...args: unknown[]): unknown {
      head([res.statusCode]);
      if (isChunk(args[0])) tap.chunk(asBuffer(args[0]));
      return end(...args);
    },
  };
  Object.assign(res, patched);
}
