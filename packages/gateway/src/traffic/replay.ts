import { randomUUID } from 'node:crypto';
import { Agent, request, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock, Logger, ReplayResult, Upstream } from '@gatehouse/core';
import { evaluate, type Decision } from '@gatehouse/policy';
import { ASSERTION_HEADER, type AssertionSigner } from '../assertion/index.ts';
import type { GatewayConfig, ResolvedRoute } from '../config/index.ts';
import { upstreamUrl } from '../edge/upstream-failure.ts';
import { POLICY_DENIED_CODE } from '../edge/mcp-route.ts';
import type { AuditLog } from '../mcp/audit.ts';
import { jsonRpcError } from '../mcp/inspect/index.ts';
import { asAgentSocket } from '../proxy/duplex-socket.ts';
import { upstreamPath } from '../proxy/request-headers.ts';
import type { TunnelRoutes } from '../tunnel-accounts/index.ts';
import type { Replayer, TrafficInspector } from './inspector.ts';
import { ExchangeRecorder, type Recorded } from './recorder.ts';
import { replayRequest } from './replay-request.ts';

export interface ReplayDeps {
  readonly config: () => GatewayConfig;
  readonly tunnelRoutes: TunnelRoutes | undefined;
  /** The same Upstream the proxy dials (static and tunnel routes). */
  readonly upstream: Upstream;
  readonly signer: AssertionSigner;
  readonly audit: AuditLog;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly inspector: TrafficInspector;
}

/** Request headers a replay carries over from the capture (none of them is a credential). */
const CARRIED = ['mcp-protocol-version', 'mcp-session-id', 'mcp-method', 'mcp-name', 'accept'];

function carriedHeaders(recorded: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of CARRIED) {
    const value = recorded[name];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** The recorder of a replay: a new exchange of the same route, marked `replayOf`. */
function replayRecorder(
  deps: ReplayDeps,
  original: Recorded,
  requestId: string,
  headers: Readonly<Record<string, string>>,
  now: () => number,
): ExchangeRecorder {
  const e = original.exchange;
  return new ExchangeRecorder(
    {
      id: deps.inspector.newId(),
      routeId: e.routeId,
      route: e.route,
      ...(e.namespace === undefined ? {} : { namespace: e.namespace }),
      host: original.host,
      requestId,
      httpMethod: 'POST',
      path: e.path,
      ip: original.ip,
      requestHeaders: { ...headers, 'x-gatehouse-replay-of': e.id },
      startedAt: now(),
      bodyLimit: deps.config().inspect.maxBodyBytes,
      replayOf: e.id,
    },
    now,
  );
}

/** The same answer the edge gives a denied call; the upstream is not contacted. */
function recordDenied(recorder: ExchangeRecorder, id: string | number | null, requestId: string) {
  const body = jsonRpcError(
    id,
    POLICY_DENIED_CODE,
    `Forbidden: not allowed by policy (request id ${requestId})`,
  );
  recorder.responseHead(200, { 'content-type': 'application/json' });
  recorder.responseChunk(body);
}

/**
 * Replays (issue 16): the recorded `tools/call` goes again to the SAME route's upstream, as the
 * original user, through the route's policy and the audit log, marked as a replay. The route
 * is looked up by the recorded route id only: a replay can never reach another route.
 */
export function createReplayer(deps: ReplayDeps): Replayer {
  async function routeOf(original: Recorded): Promise<ResolvedRoute | undefined> {
    const id = original.exchange.routeId;
    const route =
      deps.config().routes.find((r) => r.id === id) ??
      (await deps.tunnelRoutes?.resolve(original.host));
    return route?.id === id && route.mcpResource !== undefined ? route : undefined;
  }

  return async (original, _viewer, options): Promise<ReplayResult> => {
    const built = replayRequest(original, options);
    if (!built.ok) return built;
    const route = await routeOf(original);
    const caller = original.caller;
    if (route === undefined || caller === undefined) {
      return { ok: false, reason: 'route-unavailable', message: 'the route no longer exists' };
    }
    const e = original.exchange;
    const requestId = randomUUID();
    const now = (): number => deps.clock.now();
    const headers = carriedHeaders(e.requestHeaders);
    const recorder = replayRecorder(deps, original, requestId, headers, now);
    recorder.requestBody(built.body);
    const user = caller.email ?? caller.sub;
    recorder.identified(caller, user);
    const decision: Decision = evaluate(route.policy, {
      http: { method: 'POST', host: original.host, path: e.path, ip: original.ip, headers: {} },
      session: { id: caller.session },
      user: {
        id: caller.sub,
        ...(caller.email === null ? {} : { email: caller.email }),
        groups: caller.groups,
      },
      now: new Date(now()),
      mcp: built.mcp,
    });
    const allowed = decision.outcome === 'allow';
    recorder.decided(allowed ? 'allow' : 'deny', decision.reasons, user);
    await deps.audit.write({
      requestId,
      user,
      client: null,
      route: route.id,
      method: 'tools/call',
      tool: built.mcp.tool_call?.name ?? null,
      outcome: allowed ? 'allow' : 'deny',
      reasons: decision.reasons,
      replayOf: e.id,
    });
    const log = (status: number): void =>
      deps.logger.info(
        {
          requestId,
          route: route.id,
          user,
          outcome: decision.outcome,
          reasons: decision.reasons,
          status,
          replayOf: e.id,
        },
        'decision',
      );
    if (!allowed) {
      recordDenied(recorder, built.mcp.id ?? null, requestId);
      log(200);
      const recorded = recorder.finish(200);
      await deps.inspector.record(recorded);
      return { ok: true, exchange: recorded.exchange };
    }
    if (route.passIdentityHeaders) {
      headers[ASSERTION_HEADER] = await deps.signer.sign({
        audience: route.from,
        sub: caller.sub,
        email: caller.email,
        name: caller.name,
        groups: caller.groups,
      });
    }
    headers['x-request-id'] = requestId;
    headers['host'] = deps.tunnelRoutes?.upstreamHost(route) ?? upstreamUrl(route.to).host;
    const status = await send(deps.upstream, route, e.path, headers, built.body, recorder);
    log(status);
    const recorded = recorder.finish(status);
    await deps.inspector.record(recorded);
    return { ok: true, exchange: recorded.exchange };
  };
}

/** One request over a fresh upstream connection (replays are rare: no pool). */
function send(
  upstream: Upstream,
  route: ResolvedRoute,
  path: string,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  recorder: ExchangeRecorder,
): Promise<number> {
  const url = upstreamUrl(route.to);
  const agent = new Agent({ keepAlive: false });
  agent.createConnection = (_options, callback) => {
    upstream.connect({ routeId: route.id, url }).then(
      (stream) => callback?.(null, asAgentSocket(stream)),
      (error: unknown) => callback?.(error as Error, undefined as unknown as Duplex),
    );
    return undefined;
  };
  return new Promise((resolve) => {
    const outgoing = request({
      agent,
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: upstreamPath(url, path),
      headers: { ...headers, 'content-length': String(body.length) },
      ...(route.timeoutMs > 0 ? { timeout: route.timeoutMs } : {}),
    });
    const failed = (status: number): void => {
      recorder.decided('error', ['replay-upstream-failed'], null);
      resolve(status);
    };
    outgoing.on('timeout', () => {
      outgoing.destroy();
      failed(504);
    });
    outgoing.on('error', () => failed(502));
    outgoing.on('response', (incoming: IncomingMessage) => {
      recorder.upstreamResponded();
      recorder.responseHead(incoming.statusCode ?? 502, incoming.headers);
      incoming.on('data', (chunk: Buffer) => recorder.responseChunk(chunk));
      incoming.on('end', () => resolve(incoming.statusCode ?? 502));
      incoming.on('error', () => failed(502));
    });
    outgoing.end(body);
  });
}
