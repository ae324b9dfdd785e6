import type { Context } from 'hono';
import type {
  McpExchange,
  McpExchangeSummary,
  McpTrafficInspector,
  TrafficViewer,
} from '@gatehouse/core';
import type { AuthContext } from '../context.ts';
import type { AuthEnv } from '../env.ts';
import { csrfFor } from '../forms.ts';
import { securePageHeaders } from '../respond.ts';
import {
  detailPane,
  filterOf,
  inspectPage,
  queryOf,
  querySearch,
} from '../../pages/inspect/index.ts';
import { inspectCsp } from '../../pages/index.ts';
import { INSPECT_SCRIPT_PATH } from '../../pages/inspect/index.ts';
import { signedInOrRedirect } from '../signed-in.ts';
import { viewerOf } from './viewer.ts';

/** Rows on the page; the ring holds more (filters reach them). */
export const PAGE_ROWS = 100;
/** How far back a session's timeline looks. */
const TIMELINE_SCAN = 500;

/** `GET /inspect`: the list, the filters and (with `?id=`) one call's detail. */
export async function getInspect(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  inspector: McpTrafficInspector,
): Promise<Response> {
  const signedIn = await signedInOrRedirect(c, ctx, `/inspect${new URL(c.req.url).search}`);
  if ('response' in signedIn) return signedIn.response;
  const viewer = viewerOf(signedIn.session);
  const query = queryOf((name) => c.req.query(name));
  const rows = await inspector.list(viewer, filterOf(query, PAGE_ROWS));
  const id = c.req.query('id');
  const exchange = id === undefined ? undefined : await inspector.get(viewer, id);
  const base = ctx.config().authenticateServiceUrl;
  const detail =
    exchange === undefined
      ? undefined
      : detailPane({
          exchange,
          ...(await originalOf(inspector, viewer, exchange)),
          timeline: await timelineOf(inspector, viewer, exchange),
          scheme: new URL(base).protocol,
          csrfToken: csrfFor(c, ctx),
          search: querySearch(query),
        });
  const rendered = inspectPage({
    query,
    rows,
    ...(detail === undefined ? {} : { detail }),
    ...(id !== undefined && exchange === undefined
      ? { notice: 'That call is not (or no longer) in the buffer.' }
      : {}),
  });
  securePageHeaders(c);
  c.header('content-security-policy', inspectCsp(`${base}${INSPECT_SCRIPT_PATH}`));
  return c.html(rendered.html, rendered.status as 200);
}

async function originalOf(
  inspector: McpTrafficInspector,
  viewer: TrafficViewer,
  exchange: McpExchange,
): Promise<{ original?: McpExchange }> {
  if (exchange.replayOf === undefined) return {};
  const original = await inspector.get(viewer, exchange.replayOf);
  return original === undefined ? {} : { original };
}

/** The calls of the same MCP session (legacy era: Mcp-Session-Id), oldest first. */
async function timelineOf(
  inspector: McpTrafficInspector,
  viewer: TrafficViewer,
  exchange: McpExchange,
): Promise<McpExchangeSummary[]> {
  if (exchange.sessionId === undefined) return [];
  const recent = await inspector.list(viewer, { route: exchange.routeId, limit: TIMELINE_SCAN });
  const same: McpExchangeSummary[] = [];
  for (const summary of recent) {
    const full = summary.id === exchange.id ? exchange : await inspector.get(viewer, summary.id);
    if (full?.sessionId === exchange.sessionId) same.push(summary);
  }
  return same.reverse();
}
