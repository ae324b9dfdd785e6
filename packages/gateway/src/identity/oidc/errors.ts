import { GatehouseError } from '@gatehouse/core';

/** Stable error codes of the upstream OIDC sign-in. */
export const OIDC_ERROR_CODES = Object.freeze([
  'ERR_OIDC_DISCOVERY',
  'ERR_OIDC_STATE',
  'ERR_OIDC_ISSUER_MISMATCH',
  'ERR_OIDC_CALLBACK',
  'ERR_OIDC_EXCHANGE',
] as const);
export type OidcErrorCode = (typeof OIDC_ERROR_CODES)[number];

export function oidcError(code: OidcErrorCode, message: string, cause?: unknown): GatehouseError {
  return cause === undefined
    ? new GatehouseError(code, message)
    : new GatehouseError(code, message, { cause });
}

/**
 * Makes text that came from the network safe to put in a message: only a short run of
 * OAuth-error-code characters survives (RFC 6749 §4.1.2.1 limits `error` to %x20-21 / %x23-5B /
 * %x5D-7E, so a real code is never cut by this).
 */
export function safeToken(value: string, max = 64): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.:-]/g, '?');
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}
