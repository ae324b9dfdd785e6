import { compileRoutePolicy } from '@gatehouse/policy';
import type { Clock, Store, TunnelStatus } from '@gatehouse/core';
import type { GatewayConfig, ResolvedRoute } from '../config/index.ts';
import { createIdentityLookup } from '../identity/lookup.ts';
import { mcpServerSchema } from '../config/schema/index.ts';
import { isDnsLabel, isNamespace } from './names.ts';
import { TUNNEL_MCP_PATH, tunnelHostPattern, tunnelOrigin } from './public-url.ts';

/** Shares and owner changes apply within this long on every node (issue 7: "within seconds"). */
export const ROUTE_CACHE_MS = 2_000;
const MAX_CACHED = 10_000;
/** The schema's defaults for `mcp.server`, so a setting added there applies here too. */
const MCP_SERVER = Object.freeze(mcpServerSchema.parse({ path: TUNNEL_MCP_PATH }));

export interface TunnelRoutesOptions {
  readonly store: Store;
  readonly config: () => GatewayConfig;
  readonly edgePort: () => number;
  readonly clock: Clock;
  readonly status?: TunnelStatus | undefined;
}

/** The edge's view of tunnel routes: synthesized MCP routes for `<route>.<namespace>.<base_domain>`. */
export interface TunnelRoutes {
  /** The route for a request's Host, or undefined (unknown namespace, not a tunnel host). */
  resolve(host: string): Promise<ResolvedRoute | undefined>;
  /** True for the canonical MCP URL of a route of an existing namespace (the AS's resources). */
  isResource(resource: string): Promise<boolean>;
  /** The Host header the local server should see: the tunnel's local address, like a static route's `to`. */
  upstreamHost(route: ResolvedRoute): string | undefined;
  /**
   * The command that serves this route again (`ssh -R 0 -p 2222 localhost`), with this server's
   * real port and host; undefined when the SSH endpoint is not running.
   */
  sshCommand(route: ResolvedRoute): string | undefined;
  /** Forgets cached routes (of one namespace, or all). */
  invalidate(namespace?: string): void;
}

interface Owner {
  readonly accountId: string;
  readonly namespace: string;
  readonly route: string;
}

export function createTunnelRoutes(options: TunnelRoutesOptions): TunnelRoutes {
  const { store, clock } = options;
  const identityOf = createIdentityLookup(store);
  const cache = new Map<string, { route: ResolvedRoute | undefined; until: number }>();
  const owners = new Map<string, Owner>();

  let matcher:
    | { config: GatewayConfig; port: number; match: ReturnType<typeof tunnelHostPattern> }
    | undefined;

  /** `<route>` and `<namespace>` when `host` is a tunnel host of this edge. */
  function parse(host: string): { route: string; namespace: string } | undefined {
    const config = options.config();
    const port = options.edgePort();
    if (matcher?.config !== config || matcher.port !== port)
      matcher = { config, port, match: tunnelHostPattern(config, port) };
    const parts = matcher.match(host);
    if (parts === undefined) return undefined;
    return isDnsLabel(parts.route) && isNamespace(parts.namespace) ? parts : undefined;
  }

  async function build(route: string, namespace: string): Promise<ResolvedRoute | undefined> {
    const accountId = await store.tunnels.ownerOf(namespace);
    if (accountId === undefined) return undefined;
    const owner = await identityOf(accountId);
    const shared = (await store.tunnels.listShares(namespace))
      .filter((s) => s.route === route)
      .map((s) => s.email);
    const from = tunnelOrigin(options.config(), options.edgePort(), route, namespace);
    const id = `${route}.${namespace}`;
    owners.set(id, { accountId, namespace, route });
    return Object.freeze({
      id,
      index: -1,
      from,
      host: new URL(from).host,
      to: `tunnel://${id}`,
      // Owner only, plus whom they shared this route with (by e-mail).
      policy: compileRoutePolicy({
        allowed_users: [accountId, ...(owner?.email == null ? [] : [owner.email]), ...shared],
      }),
      allowPublicUnauthenticatedAccess: false,
      preserveHostHeader: false,
      passIdentityHeaders: true,
      timeoutMs: 30_000,
      idleTimeoutMs: 300_000,
      maxRequestBytes: 1_048_576,
      sseKeepaliveMs: options.config().sseKeepaliveMs,
      mcp: { server: MCP_SERVER },
      mcpResource: `${from}${TUNNEL_MCP_PATH}`,
    });
  }

  async function resolve(host: string): Promise<ResolvedRoute | undefined> {
    const now = clock.now();
    const hit = cache.get(host);
    if (hit !== undefined && hit.until > now) return hit.route;
    const parsed = parse(host);
    const route = parsed === undefined ? undefined : await build(parsed.route, parsed.namespace);
    if (cache.size >= MAX_CACHED) {
      cache.clear();
      owners.clear();
    }
    cache.set(host, { route, until: now + ROUTE_CACHE_MS });
    return route;
  }

  return {
    resolve,
    async isResource(resource) {
      let url: URL;
      try {
        url = new URL(resource);
      } catch {
        return false;
      }
      return (await resolve(url.host))?.mcpResource === resource;
    },
    upstreamHost(route) {
      const owner = owners.get(route.id);
      if (owner === undefined || options.status === undefined) return undefined;
      return (
        options.status
          .list(owner.accountId)
          .find((t) => t.namespace === owner.namespace && t.route === owner.route)?.localAddress ??
        options.status.localAddressOf?.(owner.namespace, owner.route)
      );
    },
    sshCommand(route) {
      const port = options.status?.sshPort?.();
      const owner = owners.get(route.id);
      if (port === undefined || owner === undefined) return undefined;
      return sshCommandFor(options.config(), port, owner.route);
    },
    invalidate(namespace) {
      if (namespace === undefined) cache.clear();
      else for (const host of cache.keys()) if (host.includes(`.${namespace}.`)) cache.delete(host);
    },
  };
}

/**
 * `ssh -R 0 -p <port> <host>` for this server. The host: `localhost` for a local base domain (an
 * ssh client does not resolve `auth.localhost`), else the authenticate service's host name,
 * which always reaches this server. `-R <route>:0` for a named route; no `-p` for port 22.
 */
export function sshCommandFor(config: GatewayConfig, port: number, route: string): string {
  const host =
    config.baseDomain === 'localhost'
      ? 'localhost'
      : new URL(config.authenticateServiceUrl).hostname;
  const forward = route === 'mcp' ? '0' : `${route}:0`;
  return `ssh -R ${forward}${port === 22 ? '' : ` -p ${String(port)}`} ${host}`;
}
