/**
 * The cluster's live-connection directory (ARCHITECTURE.md "Scale-out"): which gateway nodes
 * are alive and which of them hold an SSH connection for a tunnel route. Every row lives on a
 * lease: a node renews its own by heartbeat, and a route holder lives exactly as long as its
 * node's lease, so a node that dies (kill -9, lost network) drops out of every route as soon as
 * its lease runs out, without anyone cleaning up after it.
 */

/** One gateway process. */
export interface NodeRecord {
  /** Random per process start (`node-<hex>`): a restarted process is a new node. */
  readonly id: string;
  /** Where the other nodes reach its internal listener, e.g. `http://127.0.0.1:7443`. */
  readonly internalAddress: string;
  readonly startedAt: number;
  /** End of the lease (ms since epoch); the node reads as dead from then on. */
  readonly expiresAt: number;
}

/** One SSH connection on one node that serves a route. */
export interface RouteHolder {
  /** The route's stable key (the tunnel's host name, lower-cased). */
  readonly routeKey: string;
  readonly nodeId: string;
  /** The SSH connection's id on that node (one node can hold several for one route). */
  readonly connectionId: string;
  readonly claimedAt: number;
  /**
   * The address the SSH client forwards to on its machine (`localhost:8080`): the Host header a
   * node that forwards a request to this holder sends, as the holder's own node would.
   * Optional so that adapters written before it keep compiling; an adapter stores it.
   */
  readonly localAddress?: string;
}

/** A holder as read back, with its node's address and lease. */
export interface LiveRouteHolder extends RouteHolder {
  readonly internalAddress: string;
  /** Its node's lease end: the holder reads as absent from then on. */
  readonly expiresAt: number;
}

export interface NodeRepository {
  /**
   * Inserts the node or extends its lease to `node.expiresAt` (and updates its address). Returns
   * false when the node had no live lease before (first beat, or it lapsed and a purge may have
   * removed its holders): the node must then claim its routes again.
   */
  heartbeat(node: NodeRecord, now: number): Promise<boolean>;
  /** Nodes whose lease has not run out at `now`, oldest first. */
  listLive(now: number): Promise<readonly NodeRecord[]>;
  /** Removes the node and every holder of it (graceful shutdown). */
  remove(nodeId: string): Promise<void>;
  /**
   * Inserts the holder; claiming the same (route, node, connection) again keeps its claim time
   * and updates its local address.
   */
  claimRoute(holder: RouteHolder): Promise<void>;
  /** False when there was no such holder. */
  releaseRoute(routeKey: string, nodeId: string, connectionId: string): Promise<boolean>;
  /** Holders of the route on live nodes, in claim order. */
  holdersOf(routeKey: string, now: number): Promise<readonly LiveRouteHolder[]>;
  /** Every holder on a live node (`gatehouse nodes`), by route then claim order. */
  listHolders(now: number): Promise<readonly LiveRouteHolder[]>;
  /** Deletes nodes whose lease ended before `now`, and their holders. */
  purgeExpired(now: number): Promise<number>;
}
