import type { ServerResponse } from 'node:http';
import type { GatehouseError, Logger } from '@gatehouse/core';
import { ERR_REQUEST_TOO_LARGE, type ProxyTarget } from './target.ts';

/**
 * The client's side of a failed exchange: an error answer while nothing is sent yet, else a cut
 * stream (once the upstream's status is on its way, that is the only honest signal left).
 */
export function answerFailure(
  res: ServerResponse,
  target: ProxyTarget | undefined,
  error: GatehouseError,
  logger: Logger,
  at: { readonly routeId: string; readonly requestId: string },
): void {
  logger.debug(
    { routeId: at.routeId, requestId: at.requestId, code: error.code },
    'proxy exchange failed',
  );
  if (res.headersSent || target === undefined) {
    res.destroy();
    return;
  }
  // A body too large is left unread: the connection closes so it dies with it.
  if (error.code === ERR_REQUEST_TOO_LARGE) res.setHeader('connection', 'close');
  target.onError(error, res);
}
