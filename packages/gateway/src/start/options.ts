import type { Clock, Logger, Store, TunnelAccounts, TunnelStatus, Upstream } from '@gatehouse/core';
import type { GatewayConfig } from '../config/index.ts';
import type { TrafficInspector } from '../traffic/index.ts';
import type { McpTrafficInspector } from '@gatehouse/core';

export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly clock?: Clock;
  /**
   * How static upstreams are reached (default: TCP/TLS to each route's `to`). The SSH tunnel does
   * not plug in here but into `tunnelUpstream`.
   */
  readonly upstream?: Upstream;
  /** E-mail of the first administrator the one-time link creates (default admin@localhost). */
  readonly adminEmail?: string;
  /** Allow http:// OIDC issuers (tests and local development only). */
  readonly allowInsecureIdentityProviders?: boolean;
  /** Extra CA certificates for fetching client metadata documents (tests, private CAs). */
  readonly cimdCa?: string | Buffer;
  /** Reaches `tunnel://<route>.<namespace>` upstreams (the SSH server); absent: they answer 503. */
  readonly tunnelUpstream?: Upstream;
  /** The SSH server's live tunnels (account page, key revocation). */
  readonly tunnelStatus?: TunnelStatus;
  /** Backoff after a failed ACME order (default 1 min doubling up to 6 h); tests shorten it. */
  readonly acmeRetry?: { readonly minMs: number; readonly maxMs: number };
  /**
   * Loopback redirect URIs of a client this same process serves (`npm start`'s dev host, whose
   * port it holds): the consent page does not warn that any program could be listening there.
   */
  readonly ownRedirectUris?: readonly string[];
  /** This process's node id (`/healthz`, the `node` label of `/metrics`); default a new one. */
  readonly nodeId?: string;
  /**
   * The MCP traffic inspector `/inspect` reads (issue 16); default the gateway's own capture.
   * Tests of the pages pass a port implementation with hand-made exchanges.
   */
  readonly trafficInspector?: McpTrafficInspector;
  /**
   * Internal, for the `mcp-inspect` benchmark only (capture on vs off on tunnel routes in one
   * process): tunnel routes of this name are not captured. Not a config key on purpose.
   */
  readonly uncapturedTunnelRoute?: string;
}

export interface RunningGateway {
  /** This process's node id. */
  readonly nodeId: string;
  /** The edge's bound port (useful with listen port 0). */
  readonly port: number;
  readonly adminPort: number | undefined;
  /** The `http_listen` listener's bound port, when set. */
  readonly httpPort: number | undefined;
  readonly store: Store;
  /** For the SSH server: sign-in, key bindings, namespaces, shares. */
  readonly tunnelAccounts: TunnelAccounts;
  /** The MCP traffic inspector (issue 16), for `ssh … inspect`, the TUI and `/inspect`. */
  readonly traffic: TrafficInspector;
  /**
   * Set on a first start with no accounts: a one-time link that creates the first admin. It is a
   * secret: print it to the operator's terminal, never to a log.
   */
  readonly firstRunLink: string | undefined;
  /** Swaps in a new, already validated config (routes, policies, providers). */
  reload(config: GatewayConfig): void;
  close(): Promise<void>;
}
