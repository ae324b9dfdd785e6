import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatehouseError, Logger } from '@gatehouse/core';
import { rawResponseHead } from './response-headers.ts';
import type { ProxyTarget } from './target.ts';

const FAILURE_STATUS: Readonly<Record<string, number>> = {
  ERR_UPSTREAM_TIMEOUT: 504,
  ERR_UPSTREAM_OFFLINE: 503,
};

/**
 * An upgrade that failed before the upstream answered: reported like any proxy failure, then
 * answered on the raw socket (there is no ServerResponse): a bare status line still tells the
 * client what happened before the connection closes.
 */
export function answerUpgradeFailure(
  logger: Logger,
  socket: Duplex,
  target: ProxyTarget,
  error: GatehouseError,
): void {
  logger.debug(
    { routeId: target.routeId, requestId: target.requestId, code: error.code },
    'proxy upgrade failed',
  );
  target.onError(error, null);
  const status = FAILURE_STATUS[error.code] ?? 502;
  const head = rawResponseHead(status, STATUS_CODES[status] ?? '', {
    connection: 'close',
    'content-length': '0',
  });
  if (socket.writable) socket.end(head, () => socket.destroy());
  else socket.destroy();
}
