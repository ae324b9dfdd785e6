import type { Duplex } from 'node:stream';
import {
  GatehouseError,
  isGatehouseError,
  type LiveRouteHolder,
  type Logger,
  type Upstream,
  type UpstreamTarget,
} from '@gatehouse/core';
import { HOP_UNREACHABLE } from './hop-client.ts';

/** A node whose hop failed is skipped for this long (its lease may still read as live). */
const UNHEALTHY_MS = 10_000;

export interface ClusterUpstreamOptions {
  readonly nodeId: string;
  /** This node's SSH server. */
  readonly local: Upstream;
  /** Live holders of a route key (cached briefly by the caller). */
  holders(routeKey: string): Promise<readonly LiveRouteHolder[]>;
  /** Opens the internal hop to another node's holder. */
  hop(holder: LiveRouteHolder, signal?: AbortSignal): Promise<Duplex>;
  now(): number;
  readonly logger: Logger;
}

export interface ClusterUpstream extends Upstream {
  /** Forget that a node failed (it beat again under a new lease, or tests). */
  healthy(nodeId: string): void;
}

/**
 * The tunnel Upstream of a cluster node, below the `Upstream` port so the edge does not know:
 * every SSH connection that serves a route, on this node or another, takes new connections in
 * turn (round-robin), skipping nodes whose hop just failed. A holder that turns out to be gone
 * (its node died, or no longer serves the route) is skipped and the next one tried; nothing has
 * been sent to it yet, so the retry is safe. None left: ERR_UPSTREAM_OFFLINE ("tunnel offline").
 */
export function createClusterUpstream(options: ClusterUpstreamOptions): ClusterUpstream {
  const next = new Map<string, number>();
  const unhealthyUntil = new Map<string, number>();

  function order(routeKey: string, holders: readonly LiveRouteHolder[]): LiveRouteHolder[] {
    const start = (next.get(routeKey) ?? 0) % holders.length;
    next.set(routeKey, start + 1);
    const rotated = [...holders.slice(start), ...holders.slice(0, start)];
    const now = options.now();
    const ok = (h: LiveRouteHolder): boolean => (unhealthyUntil.get(h.nodeId) ?? 0) <= now;
    // Healthy first; the unhealthy ones stay as a last resort rather than a certain 503.
    return [...rotated.filter(ok), ...rotated.filter((h) => !ok(h))];
  }

  async function attempt(
    holder: LiveRouteHolder,
    target: UpstreamTarget,
    signal: AbortSignal | undefined,
  ): Promise<Duplex> {
    if (holder.nodeId === options.nodeId) return options.local.connect(target, signal);
    const stream = await options.hop(holder, signal);
    unhealthyUntil.delete(holder.nodeId);
    return stream;
  }

  return {
    async connect(target, signal) {
      const routeKey = target.url.hostname.toLowerCase();
      const holders = await options.holders(routeKey);
      // Nobody in the directory: the local server gives its own "offline" answer.
      if (holders.length === 0) return options.local.connect(target, signal);
      const tried = new Set<string>();
      for (const holder of order(routeKey, holders)) {
        // One try per node: a node that is down is down for all its connections.
        if (tried.has(holder.nodeId)) continue;
        tried.add(holder.nodeId);
        try {
          return await attempt(holder, target, signal);
        } catch (error) {
          if (signal?.aborted === true) throw error;
          if (!isGatehouseError(error)) throw error;
          if (error.code === HOP_UNREACHABLE) {
            unhealthyUntil.set(holder.nodeId, options.now() + UNHEALTHY_MS);
            options.logger.warn(
              { node: holder.nodeId, route: target.routeId },
              'tunnel holder node did not answer; trying another',
            );
          } else if (error.code !== 'ERR_UPSTREAM_OFFLINE') {
            throw error;
          }
        }
      }
      throw new GatehouseError(
        'ERR_UPSTREAM_OFFLINE',
        `route "${target.routeId}": tunnel offline (no node serving it answered)`,
      );
    },
    healthy(nodeId) {
      unhealthyUntil.delete(nodeId);
    },
  };
}
