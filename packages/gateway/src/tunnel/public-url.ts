import type { GatewayConfig } from '../config/index.ts';

/**
 * The public origin of a tunnel route, `<scheme>://<route>.<namespace>.<base_domain>[:port]`:
 * the scheme and port are the edge's own (https with `tls`), default ports left out.
 */
export function tunnelOrigin(
  config: GatewayConfig,
  edgePort: number,
  route: string,
  namespace: string,
): string {
  const scheme = config.tls === undefined ? 'http' : 'https';
  // WHATWG URL drops the scheme's default port and normalises the host.
  return new URL(`${scheme}://${route}.${namespace}.${config.baseDomain}:${edgePort}`).origin;
}

/** Where the MCP endpoint of every tunnel route is (the template's and the SDK's default). */
export const TUNNEL_MCP_PATH = '/mcp';
