import type { McpExchange } from '@gatehouse/core';
import { BodyCapture } from './body-capture.ts';
import { describeRequest, eraOf } from './describe.ts';
import { maskHeaders } from './mask.ts';
import type { RecorderState } from './recorder.ts';

const RPC_ERROR = /"error"\s*:\s*\{\s*"code"\s*:\s*(-?\d+)/;

/**
 * The masked exchange from what a recorder saw: the request parsed for its facts (method, tool,
 * client, era), both bodies masked (mask.ts), headers masked. Runs when the exchange is first
 * read, never on the request's own path.
 */
export function buildExchange(r: RecorderState): McpExchange {
  const s = r.start;
  const headerVersion = s.requestHeaders['mcp-protocol-version'];
  const facts = describeRequest(
    r.body,
    typeof headerVersion === 'string' ? headerVersion : undefined,
  );
  const requestCapture = new BodyCapture(s.bodyLimit);
  if (r.body !== undefined) requestCapture.add(r.body);
  const request = r.body === undefined ? undefined : requestCapture.finish(false);
  const contentType = String(r.responseHeaders['content-type'] ?? '');
  const response = r.response.finish(/^text\/event-stream/i.test(contentType));
  const rpcError = RPC_ERROR.exec(response.text)?.[1];
  const sessionId = s.requestHeaders['mcp-session-id'] ?? r.responseHeaders['mcp-session-id'];
  const clientName = r.client?.name ?? facts.clientName;
  const clientVersion = r.client === undefined ? facts.clientVersion : r.client.version;
  return {
    id: s.id,
    routeId: s.routeId,
    route: s.route,
    ...(s.namespace === undefined ? {} : { namespace: s.namespace }),
    ...(r.ownerAccountId === undefined ? {} : { ownerAccountId: r.ownerAccountId }),
    user: r.user,
    ...(clientName === undefined ? {} : { clientName }),
    ...(clientVersion === undefined ? {} : { clientVersion }),
    protocolEra: eraOf(facts.protocolVersion),
    ...(facts.protocolVersion === undefined ? {} : { protocolVersion: facts.protocolVersion }),
    method: facts.method ?? s.httpMethod,
    ...(facts.target === undefined ? {} : { target: facts.target }),
    decision: r.decision,
    status: r.status,
    ...(rpcError === undefined ? {} : { rpcError: Number(rpcError) }),
    timings: {
      startedAt: s.startedAt,
      ...(r.firstByteAt === undefined ? {} : { upstreamFirstByteMs: r.firstByteAt - s.startedAt }),
      ...(r.endedAt === undefined ? {} : { totalMs: r.endedAt - s.startedAt }),
    },
    requestBytes: r.body?.length ?? 0,
    responseBytes: response.bytes,
    truncated: response.truncated || (request?.truncated ?? false),
    ...(s.replayOf === undefined ? {} : { replayOf: s.replayOf }),
    inProgress: r.endedAt === undefined,
    requestId: s.requestId,
    httpMethod: s.httpMethod,
    path: s.path,
    ...(typeof sessionId === 'string' ? { sessionId } : {}),
    reasons: r.reasons,
    requestHeaders: maskHeaders(s.requestHeaders),
    responseHeaders: maskHeaders(r.responseHeaders),
    ...(request === undefined ? {} : { request }),
    response,
  };
}
