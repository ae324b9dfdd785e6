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

/**
 * Every error code the upstream port (`Upstream.connect`); every package that reaches an upstream raises these raises, each with what it means. A test
 * (`packages/core/test/error-registries.test.ts`) fails when a code appears in `src/` without
 * being listed here, so this list is the one place to read them.
 */
export const CORE_ERRORS = {
  ERR_UPSTREAM_REFUSED: 'Nothing listens at the upstream address (502, "start your server").',
  ERR_UPSTREAM_TIMEOUT: 'Connecting to the upstream timed out (504).',
  ERR_UPSTREAM_OFFLINE: 'A tunnel route with no live tunnel, or no tunnel server running (503).',
  ERR_UPSTREAM_FAILED: 'Any other upstream failure: reset, bad answer, unknown forward (502).',
} as const;

export type CoreErrorCode = keyof typeof CORE_ERRORS;
