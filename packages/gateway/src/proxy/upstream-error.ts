import { GatehouseError, isGatehouseError } from '@gatehouse/core';
import type { UpstreamErrorCode } from '@gatehouse/core';

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

const MESSAGES: Readonly<Record<UpstreamErrorCode, string>> = {
  ERR_UPSTREAM_REFUSED: 'nothing is listening at the upstream address',
  ERR_UPSTREAM_TIMEOUT: 'the upstream did not answer in time',
  ERR_UPSTREAM_OFFLINE: 'the upstream is offline',
  ERR_UPSTREAM_FAILED: 'the upstream connection failed',
};

/** A GatehouseError with an upstream code for route `routeId`; the original error is the cause. */
export function upstreamFailure(
  code: UpstreamErrorCode,
  routeId: string,
  cause?: unknown,
): GatehouseError {
  return new GatehouseError(code, `route "${routeId}": ${MESSAGES[code]}`, { cause });
}

/** Maps a socket or HTTP client error to the upstream codes (GatehouseErrors pass through). */
export function toUpstreamError(error: unknown, routeId: string): GatehouseError {
  if (isGatehouseError(error)) return error;
  switch (errnoCode(error)) {
    case 'ECONNREFUSED':
      return upstreamFailure('ERR_UPSTREAM_REFUSED', routeId, error);
    case 'ETIMEDOUT':
      return upstreamFailure('ERR_UPSTREAM_TIMEOUT', routeId, error);
    default:
      return upstreamFailure('ERR_UPSTREAM_FAILED', routeId, error);
  }
}
