import { GatehouseError } from '@gatehouse/core';

/** Stable codes the gateway's tunnel side raises (the SSH server shows their messages). */
export const TUNNEL_ERROR_CODES = {
  /** Too many SSH sign-ins from one IP address (10 per 15 minutes). */
  rateLimited: 'ERR_TUNNEL_RATE_LIMITED',
  /** A route name that is not a DNS label. */
  invalidRoute: 'ERR_TUNNEL_INVALID_ROUTE',
  /** A share address that is not an e-mail address. */
  invalidEmail: 'ERR_TUNNEL_INVALID_EMAIL',
  /** The identity does not own the namespace it names. */
  notOwner: 'ERR_TUNNEL_NOT_OWNER',
  tooManyShares: 'ERR_TUNNEL_TOO_MANY_SHARES',
  namespaceExhausted: 'ERR_TUNNEL_NAMESPACE_EXHAUSTED',
} as const;

export function tunnelError(
  code: (typeof TUNNEL_ERROR_CODES)[keyof typeof TUNNEL_ERROR_CODES],
  message: string,
): GatehouseError {
  return new GatehouseError(code, message);
}
