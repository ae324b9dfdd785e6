export { run } from './run.ts';
export { startSystem } from './system.ts';
export type { GatehouseSystem } from './system.ts';
