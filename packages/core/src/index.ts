export { GatehouseError, isGatehouseError } from './errors.ts';
export type { LogFn, Logger } from './logger.ts';
export { silentLogger } from './logger.ts';
