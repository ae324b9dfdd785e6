export { run, USAGE } from './run.ts';
export type { CliIo } from './io.ts';
export { startSystem } from './system.ts';
export type { GatehouseSystem } from './system.ts';
