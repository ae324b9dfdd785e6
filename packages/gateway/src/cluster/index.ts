/**
 * Several Gatehouse processes (or machines) on one store: node leases, route holders and the
 * internal hop that forwards a tunnel request to the node holding its SSH connection.
 */
export {
  HEARTBEAT_MS,
  LEASE_MS,
  startClusterNode,
  type ClusterNode,
  type ClusterNodeOptions,
  type ClusterSettings,
  type LocalTunnels,
} from './cluster-node.ts';
export { newNodeId } from './node-id.ts';
