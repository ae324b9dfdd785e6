/**
 * The base of every error Gatehouse raises. `code` is stable (`ERR_<PACKAGE>_<WHAT>`) so callers,
 * logs and tests can branch on it; `message` is for people and may change.
 */
export class GatehouseError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GatehouseError';
    this.code = code;
  }
}

/** True when `value` is a GatehouseError with the given code (or any code when omitted). */
export function isGatehouseError(value: unknown, code?: string): value is GatehouseError {
  return value instanceof GatehouseError && (code === undefined || value.code === code);
}
