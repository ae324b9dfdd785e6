export { run } from './run.ts';
export { startSystem } from './system.ts';
export type { GatehouseSystem } from './system.ts';
export { CLI_ERRORS } from './errors.ts';
export type { CliErrorCode } from './errors.ts';
export { BENCH_UNCAPTURED_TUNNEL_ROUTE } from './bench-switches.ts';
