export { run, USAGE } from './run.ts';
export type { CliIo } from './io.ts';
