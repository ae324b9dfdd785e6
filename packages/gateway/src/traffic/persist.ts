import type { Store } from '@gatehouse/core';
import type { GatewayConfig } from '../config/index.ts';
import { namespaceOf, routeIdOf, type Recorded } from './recorder.ts';

/**
 * `inspect_persist`: which captures go to the store, and how they come back after a restart.
 * What is stored is the masked exchange plus its replay context (caller, ip, host): never more
 * than the ring holds in memory.
 */
export function persists(config: GatewayConfig, r: Recorded): boolean {
  if (namespaceOf(r) !== undefined) return config.inspect.tunnelPersist;
  const routeId = routeIdOf(r);
  const route = config.routes.find((x) => x.id === routeId);
  return route?.mcp?.server.inspect_persist === true;
}

export async function persist(store: Store, config: GatewayConfig, r: Recorded): Promise<void> {
  if (store.traffic === undefined || !persists(config, r)) return;
  // A plain object (a recorder builds its exchange on read): masked before it is written.
  const { exchange, caller, ip, host } = r;
  const value: Recorded = { exchange, ...(caller === undefined ? {} : { caller }), ip, host };
  await store.traffic.append(
    { routeId: exchange.routeId, id: exchange.id, at: exchange.timings.startedAt, value },
    config.inspect.persistSize,
  );
}

const isRecorded = (v: unknown): v is Recorded =>
  v !== null &&
  typeof v === 'object' &&
  'exchange' in v &&
  'host' in v &&
  typeof (v as { exchange: { id?: unknown } }).exchange.id === 'string';

/** Every persisted capture, oldest first per route (the order they go back into the rings). */
export async function restore(store: Store, config: GatewayConfig): Promise<Recorded[]> {
  if (store.traffic === undefined) return [];
  const out: Recorded[] = [];
  for (const routeId of await store.traffic.routes()) {
    const stored = await store.traffic.recent(routeId, config.inspect.persistSize);
    for (const s of [...stored].reverse()) if (isRecorded(s.value)) out.push(s.value);
  }
  return out;
}
