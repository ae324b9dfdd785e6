import type { ServerResponse } from 'node:http';
import { requestIdOf } from '../../edge/request-meta.ts';
import { isStoreUnavailable, storeUnavailableAnswer } from '../../store/unavailable.ts';
import type { ProviderInstance } from './module.ts';

/** The slice of a Koa context this reads and writes. */
interface OutageContext {
  readonly res: ServerResponse;
  status: number;
  body: unknown;
  accepts(...types: string[]): string | false;
  set(field: string, value: string): void;
}

/**
 * oidc-provider answers any error it did not raise itself with 500 `server_error` (its
 * shared/error_handler.js and authorization_error_handler.js catch every error inside a route),
 * so a store outage would look like our bug. The provider's `server_error` event is the only
 * place that sees the error; it marks the request, and a middleware around every route turns
 * that answer into the gateway's one store-outage answer (503, Retry-After, request id).
 */
export function answerStoreOutages(provider: ProviderInstance): void {
  const outages = new WeakSet<object>();
  provider.on('server_error', (ctx, error) => {
    if (typeof ctx === 'object' && ctx !== null && isStoreUnavailable(error)) outages.add(ctx);
  });
  provider.use(async (raw, next) => {
    await next();
    if (!outages.has(raw)) return;
    const ctx = raw as OutageContext;
    // `res.req` is the edge's request even when the token precheck replayed the body (withBody).
    const format = ctx.accepts('json', 'html') === 'html' ? 'html' : 'json';
    const answer = storeUnavailableAnswer(requestIdOf(ctx.res.req), format);
    ctx.status = answer.status;
    ctx.body = answer.body;
    for (const [name, value] of Object.entries(answer.headers)) ctx.set(name, value);
  });
}
