import type { GatewayConfig } from '../config/index.ts';
import { TUNNEL_URL_NAMESPACE, TUNNEL_URL_ROUTE } from '../config/schema/index.ts';

/**
 * The public origin of a tunnel route: `tunnel_url` with `{route}` and `{namespace}` filled in,
 * or by default `<scheme>://<route>.<namespace>.<base_domain>[:port]` with the edge's own scheme
 * (https with `tls`) and port, default ports left out.
 */
export function tunnelOrigin(
  config: GatewayConfig,
  edgePort: number,
  route: string,
  namespace: string,
): string {
  const template = config.tunnelUrl ?? defaultTemplate(config, edgePort);
  // WHATWG URL drops the scheme's default port and normalises the host.
  return new URL(template.replace(TUNNEL_URL_ROUTE, route).replace(TUNNEL_URL_NAMESPACE, namespace))
    .origin;
}

function defaultTemplate(config: GatewayConfig, edgePort: number): string {
  const scheme = config.tls === undefined ? 'http' : 'https';
  return `${scheme}://${TUNNEL_URL_ROUTE}.${TUNNEL_URL_NAMESPACE}.${config.baseDomain}:${String(edgePort)}`;
}

/**
 * A matcher for the Host of tunnel requests: `<route>` and `<namespace>` from a host that fits
 * the tunnel URL, else undefined. The caller validates both names.
 */
export function tunnelHostPattern(
  config: GatewayConfig,
  edgePort: number,
): (host: string) => { route: string; namespace: string } | undefined {
  // Markers that survive URL host normalisation (lower-case DNS labels).
  const sample = new URL(tunnelOrigin(config, edgePort, 'xxroutexx', 'xxnamespacexx')).host;
  const escaped = sample.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(
    `^${escaped.replace('xxroutexx', '([a-z0-9-]+)').replace('xxnamespacexx', '([a-z0-9-]+)')}$`,
  );
  const routeFirst = sample.indexOf('xxroutexx') < sample.indexOf('xxnamespacexx');
  return (host) => {
    const match = pattern.exec(host.toLowerCase());
    if (match === null) return undefined;
    const [, first = '', second = ''] = match;
    return routeFirst ? { route: first, namespace: second } : { route: second, namespace: first };
  };
}

/** Where the MCP endpoint of every tunnel route is (the template's and the SDK's default). */
export const TUNNEL_MCP_PATH = '/mcp';
