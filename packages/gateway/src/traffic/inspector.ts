import { randomBytes } from 'node:crypto';
import type {
  Clock,
  Logger,
  McpExchange,
  McpTrafficInspector,
  ReplayOptions,
  ReplayResult,
  Store,
  TrafficFilter,
  TrafficListener,
  TrafficViewer,
} from '@gatehouse/core';
import type { GatewayConfig, ResolvedRoute } from '../config/index.ts';
import { DEFAULT_LIST_LIMIT, matches, summaryOf } from './filter.ts';
import type { Recorded } from './recorder.ts';
import { ExchangeRing } from './ring.ts';
import { persist, restore } from './persist.ts';
import { routeNames } from './route-names.ts';

/** Owner and client lookups are cached this long (shares/owner changes: issue 7's "seconds"). */
const CACHE_MS = 2_000;
const MAX_SESSIONS = 10_000;

export interface TrafficInspectorDeps {
  readonly config: () => GatewayConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Re-sends a recorded call (replay.ts); set once the edge's parts exist. */
export type Replayer = (
  original: Recorded,
  viewer: TrafficViewer,
  options: ReplayOptions,
) => Promise<ReplayResult>;

/** The gateway's side of the port: capture entry points and bounds, beside the views' methods. */
export interface TrafficInspector extends McpTrafficInspector {
  /** Tunnel routes always; configured MCP routes with `mcp.server.inspect: true`. */
  captures(route: ResolvedRoute): boolean;
  newId(): string;
  /** Adds a finished capture to its route's ring and tells subscribers. */
  record(recorded: Recorded): Promise<void>;
  /** A recorded exchange by id with its private parts, when the viewer may replay it. */
  replayable(viewer: TrafficViewer, id: string): Promise<Recorded | 'not-found' | 'forbidden'>;
  setReplayer(replayer: Replayer): void;
  /** Loads persisted captures (`inspect_persist`) into the rings, once at start. */
  restore(): Promise<void>;
  /** Exchanges and approximate bytes held, over all routes (for bounds tests and metrics). */
  held(): { readonly exchanges: number; readonly bytes: number; readonly routes: number };
}

interface Subscriber {
  readonly viewer: TrafficViewer;
  readonly filter: TrafficFilter;
  readonly listener: TrafficListener;
  namespace: string | undefined;
  ready: boolean;
}

export function createTrafficInspector(deps: TrafficInspectorDeps): TrafficInspector {
  const rings = new Map<string, ExchangeRing>();
  const subscribers = new Set<Subscriber>();
  const owners = new Map<string, { accountId: string | undefined; until: number }>();
  const viewers = new Map<string, { namespace: string | undefined; until: number }>();
  const clients = new Map<string, { name?: string; version?: string }>();
  let replayer: Replayer | undefined;

  async function cached<T>(
    map: Map<string, { until: number } & T>,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const now = deps.clock.now();
    const hit = map.get(key);
    if (hit !== undefined && hit.until > now) return hit;
    const value = await load();
    if (map.size >= MAX_SESSIONS) map.clear();
    map.set(key, { ...value, until: now + CACHE_MS });
    return value;
  }

  const namespaceOf = async (accountId: string): Promise<string | undefined> =>
    (
      await cached(viewers, accountId, async () => ({
        namespace: await deps.store.tunnels.namespaceOf(accountId),
      }))
    ).namespace;

  /** Owners see their routes' exchanges; admins all, when `inspect.admins` allows. */
  function visible(viewer: TrafficViewer, namespace: string | undefined, r: Recorded): boolean {
    if (viewer.admin && deps.config().inspect.admins) return true;
    return r.exchange.namespace !== undefined && r.exchange.namespace === namespace;
  }

  function ringFor(routeId: string): ExchangeRing {
    const size = deps.config().inspect.bufferSize;
    let ring = rings.get(routeId);
    if (ring === undefined || ring.capacity !== size) {
      const next = new ExchangeRing(size);
      // A config reload changed the size: keep what fits, oldest first.
      if (ring !== undefined) for (const r of [...ring.newestFirst()].reverse()) next.push(r);
      ring = next;
      rings.set(routeId, ring);
    }
    return ring;
  }

  /** Legacy-era clients name themselves once (initialize): carry it over to their session. */
  function withClient(r: Recorded): Recorded {
    const e = r.exchange;
    if (e.sessionId === undefined) return r;
    if (e.clientName !== undefined) {
      if (clients.size >= MAX_SESSIONS) clients.clear();
      clients.set(e.sessionId, {
        name: e.clientName,
        ...(e.clientVersion === undefined ? {} : { version: e.clientVersion }),
      });
      return r;
    }
    const known = clients.get(e.sessionId);
    if (known?.name === undefined) return r;
    const exchange: McpExchange = {
      ...e,
      clientName: known.name,
      ...(known.version === undefined ? {} : { clientVersion: known.version }),
    };
    return { ...r, exchange };
  }

  function* allRecorded(filter: TrafficFilter): Generator<Recorded> {
    for (const ring of rings.values()) {
      for (const r of ring.newestFirst()) if (matches(r, filter)) yield r;
    }
  }

  async function replayable(
    viewer: TrafficViewer,
    id: string,
  ): Promise<Recorded | 'not-found' | 'forbidden'> {
    const namespace = await namespaceOf(viewer.accountId);
    for (const ring of rings.values()) {
      const r = ring.find(id);
      if (r === undefined) continue;
      // Seeing is owning here: only the owner (or admins, by config) sees an exchange.
      return visible(viewer, namespace, r) ? r : 'not-found';
    }
    return 'not-found';
  }

  async function find(viewer: TrafficViewer, id: string): Promise<Recorded | undefined> {
    const namespace = await namespaceOf(viewer.accountId);
    for (const ring of rings.values()) {
      const r = ring.find(id);
      if (r !== undefined) return visible(viewer, namespace, r) ? r : undefined;
    }
    return undefined;
  }

  return {
    captures: (route) => route.to.startsWith('tunnel:') || route.mcp?.server.inspect === true,
    newId: () => randomBytes(9).toString('base64url'),

    async record(input) {
      let r = withClient(input);
      const { namespace } = routeNames(r.exchange.routeId, r.exchange.namespace !== undefined);
      if (namespace !== undefined) {
        const { accountId } = await cached(owners, namespace, async () => ({
          accountId: await deps.store.tunnels.ownerOf(namespace),
        }));
        if (accountId !== undefined)
          r = { ...r, exchange: { ...r.exchange, ownerAccountId: accountId } };
      }
      ringFor(r.exchange.routeId).push(r);
      persist(deps.store, deps.config(), r).catch((error: unknown) => {
        deps.logger.warn(
          { err: { message: error instanceof Error ? error.message : String(error) } },
          'could not persist a captured MCP exchange',
        );
      });
      const summary = summaryOf(r);
      for (const s of subscribers) {
        if (!s.ready || !visible(s.viewer, s.namespace, r) || !matches(r, s.filter)) continue;
        try {
          s.listener({ type: 'exchange', exchange: summary });
        } catch (error) {
          deps.logger.warn(
            { err: { message: error instanceof Error ? error.message : String(error) } },
            'a traffic listener failed',
          );
        }
      }
    },

    async list(viewer, filter = {}) {
      const namespace = await namespaceOf(viewer.accountId);
      const limit = Math.max(1, Math.min(filter.limit ?? DEFAULT_LIST_LIMIT, 10_000));
      const found: Recorded[] = [];
      for (const r of allRecorded(filter)) if (visible(viewer, namespace, r)) found.push(r);
      found.sort((a, b) => b.exchange.timings.startedAt - a.exchange.timings.startedAt);
      return found.slice(0, limit).map(summaryOf);
    },

    async get(viewer, id) {
      return (await find(viewer, id))?.exchange;
    },

    subscribe(viewer, filter, listener) {
      const s: Subscriber = { viewer, filter, listener, namespace: undefined, ready: false };
      subscribers.add(s);
      namespaceOf(viewer.accountId).then(
        (namespace) => {
          s.namespace = namespace;
          s.ready = true;
        },
        () => subscribers.delete(s),
      );
      return () => {
        subscribers.delete(s);
      };
    },

    replayable,

    async replay(viewer, id, options = {}) {
      const original = await replayable(viewer, id);
      if (original === 'not-found' || original === 'forbidden')
        return { ok: false, reason: original, message: `no exchange ${id} you may replay` };
      if (replayer === undefined)
        return { ok: false, reason: 'route-unavailable', message: 'replay is not available' };
      return replayer(original, viewer, options);
    },

    async restore() {
      for (const r of await restore(deps.store, deps.config())) ringFor(r.exchange.routeId).push(r);
    },

    setReplayer(next) {
      replayer = next;
    },

    held() {
      let exchanges = 0;
      let bytes = 0;
      for (const ring of rings.values()) {
        exchanges += ring.size;
        bytes += ring.bytes;
      }
      return { exchanges, bytes, routes: rings.size };
    },
  };
}
