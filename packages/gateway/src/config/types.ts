import type { CompiledPolicy } from '@gatehouse/policy';
import type { RouteConfig } from './schema/index.ts';

export interface InspectSettings {
  readonly bufferSize: number;
  readonly maxBodyBytes: number;
  readonly persistSize: number;
  readonly tunnelPersist: boolean;
  readonly admins: boolean;
}

/** A resolved listen address; `0.0.0.0` means all interfaces. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export interface ClusterConfig {
  readonly internalListen: ListenAddress;
  readonly advertiseUrl: string | undefined;
  /** Absolute; undefined = `<dataDir>/cluster-secret`, generated on first start. */
  readonly secretFile: string | undefined;
}

/** One route from the config file, ready for the edge. All durations are in ms. */
export interface ResolvedRoute {
  /** Explicit `id`, or the first DNS label of `from`'s host (`app` for app.localhost). */
  readonly id: string;
  /** Position in the file, for messages (`routes[2]`). */
  readonly index: number;
  /** The route's origin, e.g. `http://app.localhost:8787`. */
  readonly from: string;
  /** Lower-case `hostname[:port]` as a client's Host header carries it (no default port). */
  readonly host: string;
  /** The upstream URL. */
  readonly to: string;
  readonly policy: CompiledPolicy;
  readonly allowPublicUnauthenticatedAccess: boolean;
  readonly preserveHostHeader: boolean;
  readonly passIdentityHeaders: boolean;
  readonly timeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxRequestBytes: number;
  /** SSE comment keep-alive interval (route `sse_keepalive`, else the top-level one); 0 = off. */
  readonly sseKeepaliveMs: number;
  /** As written in the config: present when the route serves MCP. */
  readonly mcp: RouteConfig['mcp'];
  /**
   * For MCP routes: the canonical MCP URL (`from` + `mcp.server.path`), the only `resource` /
   * token audience this route accepts (RFC 8707, RFC 9728 §3.3). Never derived from a request.
   */
  readonly mcpResource: string | undefined;
}

export type ResolvedIdentityProvider =
  | { readonly type: 'builtin'; readonly id: string; readonly name: string }
  | {
      readonly type: 'oidc';
      readonly id: string;
      readonly name: string;
      readonly issuer: string;
      readonly clientId: string;
      readonly clientSecret: string | undefined;
      readonly scopes: readonly string[];
    };

/** The whole runtime config: frozen; a reload builds a new one and the caller swaps it in. */
export interface GatewayConfig {
  /** Where it came from (a file path, or `<defaults>`), for messages. */
  readonly source: string;
  readonly listen: ListenAddress;
  readonly adminListen: ListenAddress | undefined;
  /** The SSH tunnel endpoint; `enabled: false` turns it off. */
  readonly ssh: { readonly enabled: boolean; readonly listen: ListenAddress };
  /** `cluster`: the internal hop between nodes; undefined = a single process. */
  readonly cluster: ClusterConfig | undefined;
  readonly baseDomain: string;
  /** `tunnel_url`: the template of tunnel origins (`{route}`, `{namespace}`), or the default. */
  readonly tunnelUrl: string | undefined;
  /** Origin of the authenticate service, e.g. `http://auth.localhost:8787`. */
  readonly authenticateServiceUrl: string;
  /** Its Host header form, e.g. `auth.localhost:8787`; never a route's host. */
  readonly authHost: string;
  /** Absolute. */
  readonly dataDir: string;
  /** `store`: SQLite at `<dataDir>/gatehouse.db` unless `store.postgres` is set. */
  readonly store: StoreSettings;
  /** Absolute paths, or undefined to use (and create) files in dataDir. */
  readonly signingKeyFile: string | undefined;
  readonly cookieSecretFile: string | undefined;
  /** HTTPS on the edge: certificate files (chosen per SNI name) and/or ACME; undefined = HTTP. */
  readonly tls: TlsSettings | undefined;
  /** `http_listen`: plain HTTP for ACME http-01 and redirects to https (only with `tls`). */
  readonly httpListen: ListenAddress | undefined;
  /** Validated IPs/CIDRs whose X-Forwarded-* headers are believed. */
  readonly trustedProxies: readonly string[];
  /** `request_read_timeout`: headers deadline and longest pause in a request body (> 0). */
  readonly requestReadTimeoutMs: number;
  /** `sse_keepalive` (top level): the default of every route and of tunnel routes; 0 = off. */
  readonly sseKeepaliveMs: number;
  readonly session: { readonly lifetimeMs: number; readonly idleTimeoutMs: number };
  /** `inspect`: the MCP traffic inspector's bounds (docs/inspector.md). */
  readonly inspect: InspectSettings;
  readonly identityProviders: readonly ResolvedIdentityProvider[];
  readonly routes: readonly ResolvedRoute[];
  readonly routesByHost: ReadonlyMap<string, ResolvedRoute>;
  readonly oauth: {
    readonly dynamicClientRegistration: boolean;
    readonly registrationTtlMs: number;
    readonly cimd: {
      readonly enabled: boolean;
      readonly allowedDomains: readonly string[];
      readonly allowLocalhost: boolean;
    };
    readonly accessTokenTtlMs: number;
    readonly refreshTokenTtlMs: number;
  };
  /** Valid but risky settings; the composition root logs each at warn. */
  readonly warnings: readonly string[];
}

/** A certificate chain and its key, as absolute paths. */
export interface CertificateFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** `tls.acme`, resolved (paths absolute). */
export interface AcmeSettings {
  readonly email: string;
  readonly directoryUrl: string;
  readonly trustedCaFile: string | undefined;
  /** `on_demand`: a certificate per tunnel host at its first handshake; `wildcard`: DNS-01. */
  readonly tunnels: 'on_demand' | 'wildcard';
  readonly dnsHook: string | undefined;
  readonly onDemandPerHour: number;
  readonly externalAccountBinding:
    { readonly kid: string; readonly hmacKeyFile: string } | undefined;
}

export interface TlsSettings {
  /** `tls.cert_file`/`key_file` first, then `tls.certificates` in order. */
  readonly files: readonly CertificateFiles[];
  readonly acme: AcmeSettings | undefined;
}

/** Which `Store` adapter the gateway (and the CLI) open. */
export type StoreSettings =
  | { readonly kind: 'sqlite'; readonly file: string }
  | {
      readonly kind: 'postgres';
      /** May contain a password: never log it; `redactPostgresUrl` for messages. */
      readonly url: string;
      readonly poolSize: number;
    };
