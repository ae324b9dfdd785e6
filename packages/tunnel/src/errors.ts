/**
 * Every error code the SSH tunnel server (it also branches on the gateway's `ERR_TUNNEL_RATE_LIMITED`, raised behind the `TunnelAccounts` port) raises, each with what it means. A test
 * (`packages/core/test/error-registries.test.ts`) fails when a code appears in `src/` without
 * being listed here, so this list is the one place to read them.
 */
export const TUNNEL_ERRORS = {
  ERR_TUNNEL_LISTEN: 'The SSH endpoint cannot listen on its port.',
} as const;

export type TunnelErrorCode = keyof typeof TUNNEL_ERRORS;
