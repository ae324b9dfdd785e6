import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdOf } from '../edge/request-meta.ts';
import { wantsHtml } from '../edge/respond.ts';
import { messagePage, PAGE_SECURITY_HEADERS } from '../pages/index.ts';
import { STORE_ERROR_CODES } from './sqlite/errors.ts';

/**
 * True when `error`, or an error it wraps (`cause`), says the store cannot be reached right now
 * (PostgreSQL down or the connection lost). Requests that need the store then fail closed with
 * 503 (RFC 9110 §15.6.4: a temporary condition) and their request id, never 500 or a guess.
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; depth++) {
    if ((e as { code?: unknown }).code === STORE_ERROR_CODES.unavailable) return true;
    e = e.cause;
  }
  return false;
}

/** A finished HTTP answer that each surface (edge, auth pages, OAuth endpoints) writes as is. */
export interface StoreUnavailableAnswer {
  readonly status: 503;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Says what happened and what to do; nothing internal (no URL, host or driver text). */
const MESSAGE =
  'Gatehouse cannot reach its database right now. Try again in a moment; quote the request id if it persists.';

/** The pool reconnects on its own (store/postgres/connection.ts); a few seconds is a fair wait. */
const RETRY_AFTER_SECONDS = '5';

/**
 * The one answer to a request that failed because the store is unreachable: 503 with
 * Retry-After (RFC 9110 §10.2.3) and the request id that ties it to the log line. JSON carries
 * the OAuth error shape (RFC 6749 §5.2) with `temporarily_unavailable` (§4.1.2.1), so OAuth
 * and MCP clients read it like any other error of ours; browsers get a page.
 */
export function storeUnavailableAnswer(
  requestId: string | null,
  format: 'json' | 'html',
): StoreUnavailableAnswer {
  const common = { 'cache-control': 'no-store', 'retry-after': RETRY_AFTER_SECONDS };
  if (format === 'html') {
    const page = messagePage({
      status: 503,
      title: 'Temporarily unavailable',
      message: MESSAGE,
      ...(requestId === null ? {} : { requestId }),
    });
    return {
      status: 503,
      headers: { ...PAGE_SECURITY_HEADERS, ...common, 'content-type': 'text/html; charset=utf-8' },
      body: page.html,
    };
  }
  return {
    status: 503,
    headers: { ...common, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({
      error: 'temporarily_unavailable',
      error_description: MESSAGE,
      request_id: requestId,
    }),
  };
}

/** Writes the answer on a node:http response: a page for browsers navigating, else JSON. */
export function sendStoreUnavailable(req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const format = wantsHtml(req.method, req.headers.accept) ? 'html' : 'json';
  const answer = storeUnavailableAnswer(requestIdOf(req), format);
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}
