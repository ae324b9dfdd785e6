import { randomBytes } from 'node:crypto';
import type {
  Clock,
  Logger,
  McpTrafficInspector,
  ReplayOptions,
  ReplayResult,
  Store,
  TrafficViewer,
} from '@gatehouse/core';
import type { GatewayConfig, ResolvedRoute } from '../config/index.ts';
import { DEFAULT_LIST_LIMIT, summaryOf } from './filter.ts';
import { createOwnerLookups } from './owner-lookups.ts';
import { ExchangeRecorder, namespaceOf, type Recorded } from './recorder.ts';
import { persist, restore } from './persist.ts';
import { RouteRings } from './route-rings.ts';
import { createSessionClients } from './session-clients.ts';
import { createTrafficSubscribers, messageOf, type Visibility } from './subscribers.ts';

export interface TrafficInspectorDeps {
  readonly config: () => GatewayConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Internal (the `mcp-inspect` benchmark): tunnel routes of this name are not captured. */
  readonly uncapturedTunnelRoute?: string;
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
  /**
   * A request handed to the upstream: its capture goes into the ring now, in progress, and live
   * views get an `exchange` event (a long SSE answer shows while it streams).
   */
  started(recorder: ExchangeRecorder): Promise<void>;
  /**
   * A finished capture: into its route's ring (or updated there when `started` put it in), then
   * a `complete` event (after `started`) or an `exchange` event (a call never forwarded).
   */
  record(recorded: Recorded): Promise<void>;
  /** A recorded exchange by id with its private parts, when the viewer may replay it. */
  replayable(viewer: TrafficViewer, id: string): Promise<Recorded | 'not-found' | 'forbidden'>;
  setReplayer(replayer: Replayer): void;
  /** Loads persisted captures (`inspect_persist`) into the rings, once at start. */
  restore(): Promise<void>;
  /** Exchanges and approximate bytes held, over all routes (for bounds tests and metrics). */
  held(): { readonly exchanges: number; readonly bytes: number; readonly routes: number };
}

/**
 * The gateway's capture store: per-route rings (route-rings.ts), owner lookups
 * (owner-lookups.ts), client names per session (session-clients.ts) and live subscribers
 * (subscribers.ts), put together behind the port.
 */
export function createTrafficInspector(deps: TrafficInspectorDeps): TrafficInspector {
  const rings = new RouteRings(() => deps.config().inspect.bufferSize);
  const lookups = createOwnerLookups(deps.store, deps.clock);
  const withClient = createSessionClients();
  /** Owners see their routes' exchanges; admins all, when `inspect.admins` allows. */
  const visible: Visibility = (viewer, namespace, r) => {
    if (viewer.admin && deps.config().inspect.admins) return true;
    const owned = namespaceOf(r);
    return owned !== undefined && owned === namespace;
  };
  const subscribers = createTrafficSubscribers({
    namespaceOf: (userId) => lookups.namespaceOf(userId),
    visible,
    logger: deps.logger,
  });
  let replayer: Replayer | undefined;
  const uncaptured =
    deps.uncapturedTunnelRoute === undefined ? undefined : `${deps.uncapturedTunnelRoute}.`;
  // Ids: a random prefix per process and a counter (cheap per call; unique across restarts).
  const idPrefix = randomBytes(6).toString('base64url');
  let nextId = 0;

  /** The exchange `id` when the viewer may see it. Seeing is owning here (replay included). */
  async function find(viewer: TrafficViewer, id: string): Promise<Recorded | undefined> {
    const r = rings.find(id);
    if (r === undefined) return undefined;
    return visible(viewer, await lookups.namespaceOf(viewer.userId), r) ? r : undefined;
  }

  /** Adds the owner's account to a tunnel route's capture. */
  async function withOwner(r: ExchangeRecorder): Promise<void> {
    if (r.namespace === undefined) return;
    const userId = await lookups.ownerOf(r.namespace);
    if (userId !== undefined) r.setOwner(userId);
  }
  /** Recorders `started` put in a ring and whose answer has not ended yet. */
  const streaming = new WeakSet<Recorded>();

  const replayable = async (viewer: TrafficViewer, id: string) =>
    (await find(viewer, id)) ?? 'not-found';

  return {
    captures: (route) =>
      route.to.startsWith('tunnel:')
        ? uncaptured === undefined || !route.id.startsWith(uncaptured)
        : route.mcp?.server.inspect === true,
    newId: () => `${idPrefix}${(nextId++).toString(36)}`,
    async started(r) {
      await withOwner(r);
      if (!r.inProgress) return; // answered already: record() adds it
      streaming.add(r);
      rings.push(r);
      subscribers.notify(r, 'exchange');
    },
    async record(r) {
      withClient(r);
      const wasStreaming = streaming.delete(r) && rings.update(r);
      if (!wasStreaming) {
        if (r instanceof ExchangeRecorder) await withOwner(r);
        rings.push(r);
      }
      persist(deps.store, deps.config(), r).catch((error: unknown) => {
        deps.logger.warn(
          { err: { message: messageOf(error) } },
          'could not persist a captured MCP exchange',
        );
      });
      subscribers.notify(r, wasStreaming ? 'complete' : 'exchange');
    },
    async list(viewer, filter = {}) {
      const namespace = await lookups.namespaceOf(viewer.userId);
      const limit = Math.max(1, Math.min(filter.limit ?? DEFAULT_LIST_LIMIT, 10_000));
      const found: Recorded[] = [];
      for (const r of rings.matching(filter)) if (visible(viewer, namespace, r)) found.push(r);
      found.sort((a, b) => b.exchange.timings.startedAt - a.exchange.timings.startedAt);
      return found.slice(0, limit).map(summaryOf);
    },
    get: async (viewer, id) => (await find(viewer, id))?.exchange,
    subscribe: (viewer, filter, listener) => subscribers.subscribe(viewer, filter, listener),
    replayable,
    async replay(viewer, id, options = {}) {
      const original = await replayable(viewer, id);
      if (original === 'not-found')
        return { ok: false, reason: original, message: `no exchange ${id} you may replay` };
      if (replayer === undefined)
        return { ok: false, reason: 'route-unavailable', message: 'replay is not available' };
      return replayer(original, viewer, options);
    },
    async restore() {
      for (const r of await restore(deps.store, deps.config())) rings.push(r);
    },
    setReplayer(next) {
      replayer = next;
    },
    held: () => rings.held(),
  };
}
