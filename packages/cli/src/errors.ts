/**
 * Every error code the `gatehouse` command and `npm start` raises, each with what it means. A test
 * (`packages/core/test/error-registries.test.ts`) fails when a code appears in `src/` without
 * being listed here, so this list is the one place to read them.
 */
export const CLI_ERRORS = {
  ERR_CLI_DOCTOR_CA_FILE: '`doctor --ca-file` names a file that cannot be read.',
  ERR_CLI_INIT_EXISTS: '`init` found an existing config file; it never overwrites one.',
  ERR_CLI_INIT_WRITE: '`init` could not write the config file.',
  ERR_CLI_NOT_FOUND: 'A `users` command names an account that does not exist.',
  ERR_CLI_USAGE: 'Bad command-line usage; the message names the flag and the fix.',
  ERR_START_DEVHOST_BUILD:
    '`npm start` could not build the dev host; the message shows its last output lines.',
  ERR_START_NO_TEMPLATE: '`npm start` found no MCP App template in the given folder.',
  ERR_START_PORT_CLASH: 'Two services of `npm start` are set to the same port.',
  ERR_START_PORT_IN_USE: 'A port `npm start` needs is taken by another program.',
  ERR_START_TEMPLATE_FAILED:
    "The template's server stopped during start-up; the message shows its last lines.",
  ERR_START_TEMPLATE_TIMEOUT: "The template's server was not ready in time.",
} as const;

export type CliErrorCode = keyof typeof CLI_ERRORS;
