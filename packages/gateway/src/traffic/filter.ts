import type { McpExchangeSummary, TrafficFilter } from '@gatehouse/core';
import type { Recorded } from './recorder.ts';

export const DEFAULT_LIST_LIMIT = 100;

/** The summary form of an exchange: everything but bodies, headers and the decision trace. */
export function summaryOf(r: Recorded): McpExchangeSummary {
  const e = r.exchange;
  return {
    id: e.id,
    routeId: e.routeId,
    ...(e.namespace === undefined ? {} : { namespace: e.namespace }),
    route: e.route,
    ...(e.ownerAccountId === undefined ? {} : { ownerAccountId: e.ownerAccountId }),
    user: e.user,
    ...(e.clientName === undefined ? {} : { clientName: e.clientName }),
    ...(e.clientVersion === undefined ? {} : { clientVersion: e.clientVersion }),
    protocolEra: e.protocolEra,
    ...(e.protocolVersion === undefined ? {} : { protocolVersion: e.protocolVersion }),
    method: e.method,
    ...(e.target === undefined ? {} : { target: e.target }),
    decision: e.decision,
    status: e.status,
    ...(e.rpcError === undefined ? {} : { rpcError: e.rpcError }),
    timings: e.timings,
    requestBytes: e.requestBytes,
    responseBytes: e.responseBytes,
    truncated: e.truncated,
    ...(e.replayOf === undefined ? {} : { replayOf: e.replayOf }),
    inProgress: e.inProgress,
  };
}

/** `route` matches the route id, or the bare route name (a viewer's own tunnel route). */
export function matches(r: Recorded, filter: TrafficFilter): boolean {
  const e = r.exchange;
  if (filter.route !== undefined && filter.route !== e.routeId && filter.route !== e.route)
    return false;
  if (filter.method !== undefined && filter.method !== e.method) return false;
  if (filter.target !== undefined && filter.target !== e.target) return false;
  if (filter.decision !== undefined && filter.decision !== e.decision) return false;
  if (filter.status !== undefined && filter.status !== e.status) return false;
  if (filter.text !== undefined && filter.text !== '') {
    const needle = filter.text.toLowerCase();
    const hay = [
      e.method,
      e.target ?? '',
      e.user ?? '',
      e.request?.text ?? '',
      e.response?.text ?? '',
    ]
      .join('\n')
      .toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}
