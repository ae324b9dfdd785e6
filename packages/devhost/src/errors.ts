/**
 * Every error code the dev host server raises, each with what it means. A test
 * (`packages/core/test/error-registries.test.ts`) fails when a code appears in `src/` without
 * being listed here, so this list is the one place to read them.
 */
export const DEVHOST_ERRORS = {
  ERR_DEVHOST_LISTEN: 'A dev host port cannot be opened (other than in use).',
  ERR_DEVHOST_PORT_IN_USE:
    'A dev host port is already in use: stop the other program or choose another port.',
} as const;

export type DevhostErrorCode = keyof typeof DEVHOST_ERRORS;
