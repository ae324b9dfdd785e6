import type { LiveRouteHolder, NodeRecord } from '@gatehouse/core';
import { int, text, textOrNull, type Row } from '../sqlite/columns.ts';

/** The `cluster_nodes` and `route_holders` tables as both adapters read them. */

export function toNode(row: Row): NodeRecord {
  return {
    id: text(row, 'id'),
    internalAddress: text(row, 'internal_address'),
    startedAt: int(row, 'started_at'),
    expiresAt: int(row, 'expires_at'),
  };
}

/** A holder row joined with its node (`internal_address`, `expires_at` are the node's). */
export function toHolder(row: Row): LiveRouteHolder {
  const localAddress = textOrNull(row, 'local_address');
  return {
    routeKey: text(row, 'route_key'),
    nodeId: text(row, 'node_id'),
    connectionId: text(row, 'connection_id'),
    claimedAt: int(row, 'claimed_at'),
    ...(localAddress === null ? {} : { localAddress }),
    internalAddress: text(row, 'internal_address'),
    expiresAt: int(row, 'expires_at'),
  };
}
