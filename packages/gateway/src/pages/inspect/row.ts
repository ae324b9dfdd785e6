import type { McpExchangeSummary, TrafficFilter } from '@gatehouse/core';
import { latency, statusLabel, when } from './format.ts';

/**
 * One list row as text fields: the server renders it into the page, the SSE stream sends it as
 * JSON and the page's script builds the same row with textContent (never as markup).
 */
export interface InspectRow {
  readonly id: string;
  readonly at: string;
  readonly route: string;
  readonly method: string;
  readonly target: string;
  readonly status: string;
  readonly latency: string;
  readonly decision: string;
  readonly user: string;
  readonly replay: boolean;
  readonly inProgress: boolean;
}

export function rowOf(s: McpExchangeSummary): InspectRow {
  return {
    id: s.id,
    at: when(s.timings.startedAt),
    route: s.routeId,
    method: s.method,
    target: s.target ?? '',
    status: statusLabel(s),
    latency: latency(s),
    decision: s.decision,
    user: s.user ?? '(not signed in)',
    replay: s.replayOf !== undefined,
    inProgress: s.inProgress,
  };
}

/** The list's filters as they come in the query string (`/inspect?method=…&tool=…`). */
export interface InspectQuery {
  readonly method: string;
  readonly tool: string;
  readonly status: string;
  readonly text: string;
}

const MAX_FILTER_LENGTH = 200;

/** The query's filters, trimmed and bounded; unknown keys are ignored. */
export function queryOf(get: (name: string) => string | undefined): InspectQuery {
  const field = (name: string): string => (get(name) ?? '').trim().slice(0, MAX_FILTER_LENGTH);
  return {
    method: field('method'),
    tool: field('tool'),
    status: field('status'),
    text: field('text'),
  };
}

/** The port's filter for a query. A status that is not a number filters nothing out. */
export function filterOf(query: InspectQuery, limit: number): TrafficFilter {
  const status = /^\d{3}$/.test(query.status) ? Number(query.status) : undefined;
  return {
    limit,
    ...(query.method === '' ? {} : { method: query.method }),
    ...(query.tool === '' ? {} : { target: query.tool }),
    ...(status === undefined ? {} : { status }),
    ...(query.text === '' ? {} : { text: query.text }),
  };
}

/** `method=…&tool=…` of the non-empty filters, to keep them on links. */
export function querySearch(query: InspectQuery): string {
  const params = new URLSearchParams();
  for (const name of ['method', 'tool', 'status', 'text'] as const) {
    if (query[name] !== '') params.set(name, query[name]);
  }
  return params.toString();
}
