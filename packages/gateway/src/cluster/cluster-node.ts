import type { Clock, LiveRouteHolder, LiveTunnel, Logger, Store, Upstream } from '@gatehouse/core';
import { createClusterUpstream, type ClusterUpstream } from './cluster-upstream.ts';
import { openHop, postControl, type HopSelf } from './hop-client.ts';
import { createHopServer, HOP_DISCONNECT_PATH } from './hop-server.ts';
import { newNodeId } from './node-id.ts';

/** A node renews its lease this often… */
export const HEARTBEAT_MS = 2_000;
/** …for this long: a node that stops (kill -9) drops out of every route within it. */
export const LEASE_MS = 8_000;
/** Holders of a route are read from the store at most this often per route. */
const HOLDERS_CACHE_MS = 1_000;
const EMPTY_CACHE_MS = 100;
const CACHE_SWEEP_SIZE = 1_024;

export interface ClusterSettings {
  /** Where the internal listener binds (`cluster.internal_listen`). */
  readonly host: string;
  readonly port: number;
  /** What other nodes dial (`cluster.advertise_url`); default `http://<host>:<bound port>`. */
  readonly advertiseUrl: string | undefined;
  /** Each worker of `--workers` binds its own port (node:cluster would share one). */
  readonly exclusive: boolean;
}

/** What the node needs of this process's SSH server. */
export interface LocalTunnels {
  readonly upstream: Upstream;
  list(): readonly LiveTunnel[];
  disconnectKey(fingerprint: string): void;
  disconnectAccount(accountId: string): void;
}

export interface ClusterNode {
  readonly id: string;
  readonly internalAddress: string;
  /** Tunnel routes of every node (round-robin over all holders). */
  readonly upstream: ClusterUpstream;
  /** Call when this node's SSH server gains or loses a forwarded route. */
  routesChanged(): void;
  /** Is the route served anywhere in the cluster (as last read)? */
  isLive(routeKey: string): boolean;
  /** The local address of a route served on another node (the Host header to send). */
  localAddressOf(routeKey: string): string | undefined;
  /** Closes the key's or account's SSH connections on every other live node. */
  broadcastDisconnect(what: { fingerprint: string } | { accountId: string }): Promise<void>;
  /** Leaves the cluster: removes this node and its holders from the store. */
  close(): Promise<void>;
}

export interface ClusterNodeOptions {
  /** The gateway's node id (its `/healthz` names it); default a new one. */
  readonly id?: string;
  readonly store: Store;
  readonly settings: ClusterSettings;
  readonly secret: Buffer;
  readonly tunnels: LocalTunnels;
  readonly clock: Clock;
  readonly logger: Logger;
}

export async function startClusterNode(options: ClusterNodeOptions): Promise<ClusterNode> {
  const { store, settings, clock, tunnels } = options;
  const logger = options.logger.child({ component: 'cluster' });
  const id = options.id ?? newNodeId();
  const startedAt = clock.now();
  const self: HopSelf = { nodeId: id, secret: options.secret, now: () => clock.now() };
  const hopServer = createHopServer({
    nodeId: id,
    secret: options.secret,
    clock,
    logger,
    local: tunnels.upstream,
    disconnect: (what) => {
      if (what.fingerprint !== undefined) tunnels.disconnectKey(what.fingerprint);
      if (what.accountId !== undefined) tunnels.disconnectAccount(what.accountId);
    },
  });
  const port = await hopServer.listen(settings.host, settings.port, settings.exclusive);
  const internalAddress = settings.advertiseUrl ?? `http://${hostForUrl(settings.host)}:${port}`;

  let snapshot: readonly LiveRouteHolder[] = [];
  // A fresh read of one route's holders also refreshes that route in the snapshot, so its local
  // address (the Host sent over the hop) is not a heartbeat behind once traffic flows.
  const cache = holderCache(store, clock, (routeKey, fresh) => {
    snapshot = [...snapshot.filter((h) => h.routeKey !== routeKey), ...fresh];
  });
  const holders = cache.get;
  const upstream = createClusterUpstream({
    nodeId: id,
    local: tunnels.upstream,
    holders,
    hop: (holder, signal) => openHop(self, holder, holder.routeKey, signal),
    now: () => clock.now(),
    logger,
  });

  const claims = createClaims({ store, nodeId: id, tunnels, clock, logger });
  const beat = async (): Promise<void> => {
    const now = clock.now();
    const wasLive = await store.nodes.heartbeat(
      { id, internalAddress, startedAt, expiresAt: now + LEASE_MS },
      now,
    );
    // A lapsed lease may have been purged with our holders: claim everything again. Otherwise
    // catch up with what changed without a route event (a local address set by `--to`).
    await (wasLive ? claims.reconcile() : claims.reclaimAll());
    snapshot = await store.nodes.listHolders(now);
  };
  await beat();
  logger.info({ node: id, internal: internalAddress }, 'cluster node joined');
  let beating: Promise<void> = Promise.resolve();
  let closed = false;
  const timer = setInterval(() => {
    beating = beat().catch((error: unknown) => {
      logger.warn({ err: error, node: id }, 'cluster heartbeat failed');
    });
  }, HEARTBEAT_MS);
  timer.unref();

  return {
    id,
    internalAddress,
    upstream,
    routesChanged() {
      cache.clear();
      // After close() the SSH server still drops its routes: the node row is gone already.
      if (!closed) void claims.reconcile();
    },
    isLive: (routeKey) => snapshot.some((h) => h.routeKey === routeKey),
    localAddressOf: (routeKey) =>
      snapshot.find((h) => h.routeKey === routeKey && h.nodeId !== id)?.localAddress,
    broadcastDisconnect: (what) => broadcast(store, self, clock, logger, what),
    async close() {
      closed = true;
      clearInterval(timer);
      await beating;
      await claims.settled();
      await hopServer.close();
      await store.nodes.remove(id).catch((error: unknown) => {
        logger.warn({ err: error }, 'cluster node could not remove itself (its lease runs out)');
      });
    },
  };
}

/** Sends a signed disconnect to every other live node; a node that misses it rechecks later. */
async function broadcast(
  store: Store,
  self: HopSelf,
  clock: Clock,
  logger: Logger,
  what: { fingerprint: string } | { accountId: string },
): Promise<void> {
  const peers = (await store.nodes.listLive(clock.now())).filter((n) => n.id !== self.nodeId);
  await Promise.all(
    peers.map((peer) =>
      postControl(
        self,
        { nodeId: peer.id, internalAddress: peer.internalAddress },
        HOP_DISCONNECT_PATH,
        what,
      ).catch((error: unknown) => {
        logger.warn({ err: error, node: peer.id }, 'disconnect not delivered');
      }),
    ),
  );
}

/**
 * Holders of a route, read from the store at most every HOLDERS_CACHE_MS per route. "Nobody holds
 * it" is kept only EMPTY_CACHE_MS: a tunnel that just came up on another node is reachable from
 * here at once, not after a second of "tunnel offline". Expired entries are swept once the map
 * grows, so hostnames that never had a tunnel do not accumulate.
 */
function holderCache(
  store: Store,
  clock: Clock,
  onFresh: (routeKey: string, holders: readonly LiveRouteHolder[]) => void,
) {
  const cache = new Map<string, { holders: readonly LiveRouteHolder[]; until: number }>();
  return {
    get: async (routeKey: string): Promise<readonly LiveRouteHolder[]> => {
      const now = clock.now();
      const hit = cache.get(routeKey);
      if (hit !== undefined && hit.until > now) return hit.holders;
      const fresh = await store.nodes.holdersOf(routeKey, now);
      onFresh(routeKey, fresh);
      if (cache.size >= CACHE_SWEEP_SIZE) {
        for (const [key, entry] of cache) if (entry.until <= now) cache.delete(key);
      }
      const ttl = fresh.length === 0 ? EMPTY_CACHE_MS : HOLDERS_CACHE_MS;
      cache.set(routeKey, { holders: fresh, until: now + ttl });
      return fresh;
    },
    clear: () => cache.clear(),
  };
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

interface Claims {
  reconcile(): Promise<void>;
  reclaimAll(): Promise<void>;
  settled(): Promise<void>;
}

/**
 * Keeps this node's route holders in the store equal to its SSH server's forwarded routes.
 * Runs one reconcile at a time (a queue of one), so claims and releases never interleave.
 */
function createClaims(o: {
  store: Store;
  nodeId: string;
  tunnels: LocalTunnels;
  clock: Clock;
  logger: Logger;
}): Claims {
  /** `routeKey \n connectionId` → local address, as claimed in the store. */
  let claimed = new Map<string, string>();
  let queue: Promise<void> = Promise.resolve();
  let pending = false;

  async function run(): Promise<void> {
    const want = new Map<string, string>();
    for (const t of o.tunnels.list()) {
      want.set(`${t.route}.${t.namespace}\n${t.connectionId}`, t.localAddress);
    }
    const now = o.clock.now();
    for (const [key, localAddress] of want) {
      if (claimed.get(key) === localAddress) continue;
      const [routeKey = '', connectionId = ''] = key.split('\n');
      await o.store.nodes.claimRoute({
        routeKey,
        nodeId: o.nodeId,
        connectionId,
        claimedAt: now,
        localAddress,
      });
    }
    for (const key of claimed.keys()) {
      if (want.has(key)) continue;
      const [routeKey = '', connectionId = ''] = key.split('\n');
      await o.store.nodes.releaseRoute(routeKey, o.nodeId, connectionId);
    }
    claimed = want;
  }

  const schedule = (): Promise<void> => {
    if (pending) return queue;
    pending = true;
    queue = queue.then(() => {
      pending = false;
      return run().catch((error: unknown) => {
        o.logger.warn(
          { err: error },
          'cluster route claims failed; retrying at the next heartbeat',
        );
        claimed = new Map();
      });
    });
    return queue;
  };
  return {
    reconcile: schedule,
    reclaimAll: () => {
      claimed = new Map();
      return schedule();
    },
    settled: () => queue,
  };
}
