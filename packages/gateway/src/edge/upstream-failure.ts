import type { GatehouseError } from '@gatehouse/core';
import type { ResolvedRoute } from '../config/index.ts';
import { ERR_REQUEST_TOO_LARGE } from '../proxy/index.ts';

/** The HTTP status for an upstream failure (the proxy's and the Upstream port's codes). */
export function upstreamStatus(error: GatehouseError): 413 | 502 | 503 | 504 {
  if (error.code === 'ERR_UPSTREAM_OFFLINE') return 503;
  if (error.code === 'ERR_UPSTREAM_TIMEOUT') return 504;
  if (error.code === ERR_REQUEST_TOO_LARGE) return 413;
  return 502;
}

/**
 * The JSON-RPC error text for an MCP route whose upstream failed. A tunnel's owner gets the fix
 * (their own local address, written by the tunnel); a configured upstream stays undisclosed.
 */
export function mcpUpstreamMessage(
  p: { route: ResolvedRoute; requestId: string },
  status: number,
  error: GatehouseError,
  /** This server's own `ssh -R …` command for the route, when its SSH endpoint runs. */
  sshCommand?: string,
): string {
  const where = `route ${p.route.id}, request id ${p.requestId}`;
  const tunnel = p.route.to.startsWith('tunnel:');
  if (status === 503) {
    return tunnel
      ? `Tunnel offline: no ssh client is serving this URL. ${sshCommand === undefined ? 'The SSH endpoint of this server is not running' : `Start one with ${sshCommand}`} (${where})`
      : `MCP server offline (${where})`;
  }
  if (status === 413) return `Request too large (${where})`;
  if (tunnel && error.code === 'ERR_UPSTREAM_REFUSED') return `${error.message} (${where})`;
  return `MCP server unreachable (${where})`;
}

const upstreamUrls = new Map<string, URL>();
/** Parsed once per upstream: URL parsing is measurable on the hot path. */
export function upstreamUrl(to: string): URL {
  let url = upstreamUrls.get(to);
  if (url === undefined) {
    url = new URL(to);
    if (upstreamUrls.size > 1_000) upstreamUrls.clear();
    upstreamUrls.set(to, url);
  }
  return url;
}
