import { createRequire } from 'node:module';
import type { Pool as PoolType } from 'undici';

// undici's index loads all of undici: fetch, WebSocket, EventSource, the mocks, the caches and
// interceptors, ~2.8 MB of resident memory that a gateway, which only dispatches through pools,
// never uses (ADR 0019). This loads the Pool class and the request API the index mixes into
// every dispatcher (`request`, `stream`, `pipeline`, `upgrade`, `connect`, as Pool's type
// promises), exactly as the index does. The same classes: `instanceof` and the types hold.
const load = createRequire(import.meta.url);
const dispatcher = load('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
Object.assign(dispatcher.prototype, load('undici/lib/api/index.js') as object);

export const Pool = load('undici/lib/dispatcher/pool.js') as typeof PoolType;
export type Pool = PoolType;
