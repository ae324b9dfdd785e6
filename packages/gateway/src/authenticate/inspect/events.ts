import type { Context } from 'hono';
import type { McpExchangeSummary, McpTrafficInspector, TrafficEvent } from '@gatehouse/core';
import { currentSession } from '../signed-in.ts';
import type { AuthContext } from '../context.ts';
import type { AuthEnv } from '../env.ts';
import { filterOf, queryOf, rowOf } from '../../pages/inspect/index.ts';
import { PAGE_ROWS } from './view.ts';
import { viewerOf } from './viewer.ts';

/** A comment line this often keeps proxies from closing an idle stream (WHATWG HTML §9.2.7). */
const KEEPALIVE_MS = 15_000;
/** A browser that stops reading gets dropped instead of buffering without bound. */
const MAX_QUEUED_BYTES = 1024 * 1024;

const encoder = new TextEncoder();

/** One SSE event; JSON.stringify leaves no line break in `data` (HTML §9.2.6). */
const frame = (type: TrafficEvent['type'], summary: McpExchangeSummary): Uint8Array =>
  encoder.encode(`event: ${type}\ndata: ${JSON.stringify(rowOf(summary))}\n\n`);

/**
 * `GET /inspect/events`: the page's live list, as `text/event-stream`. It starts with the calls
 * the page may have missed (the current list, oldest first; the page replaces rows it has) and
 * then sends each new or completed call that matches the filters. Signed out: 401.
 */
export async function getInspectEvents(
  c: Context<AuthEnv>,
  ctx: AuthContext,
  inspector: McpTrafficInspector,
): Promise<Response> {
  const session = await currentSession(c, ctx);
  if (session === undefined) {
    return new Response('sign in first', { status: 401, headers: { 'cache-control': 'no-store' } });
  }
  const viewer = viewerOf(session);
  const filter = filterOf(
    queryOf((name) => c.req.query(name)),
    PAGE_ROWS,
  );
  let stop = (): void => {};
  let closed = false;
  const body = new ReadableStream<Uint8Array>(
    {
      start: async (controller) => {
        const send = (bytes: Uint8Array): void => {
          if (closed) return;
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) {
            stop();
            controller.error(new Error('slow reader'));
            return;
          }
          controller.enqueue(bytes);
        };
        // Subscribe before listing: a call in between is sent twice (the page dedupes), never lost.
        const unsubscribe = inspector.subscribe(viewer, filter, (event) =>
          send(frame(event.type, event.exchange)),
        );
        const timer = setInterval(() => send(encoder.encode(': keepalive\n\n')), KEEPALIVE_MS);
        timer.unref();
        stop = () => {
          closed = true;
          clearInterval(timer);
          unsubscribe();
        };
        c.req.raw.signal.addEventListener('abort', () => stop(), { once: true });
        send(encoder.encode('retry: 2000\n\n'));
        const backlog = await inspector.list(viewer, filter);
        for (const summary of [...backlog].reverse()) send(frame('exchange', summary));
      },
      cancel: () => stop(),
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
    },
  });
}
