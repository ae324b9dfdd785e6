import { randomBytes } from 'node:crypto';

/**
 * A new node id, `node-<12 hex>`: random per process start, so a restarted process is a new
 * node and never inherits a dead one's route holders. It names the node in `/healthz`,
 * `/metrics` and `gatehouse nodes`; it is not a secret.
 */
export function newNodeId(): string {
  return `node-${randomBytes(6).toString('hex')}`;
}
