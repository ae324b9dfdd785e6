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
