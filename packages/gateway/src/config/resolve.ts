import { isIP } from 'node:net';
import { join, resolve as resolvePath } from 'node:path';
import { ConfigError, type ConfigIssue } from './errors.ts';
import { resolveProviders } from './resolve-providers.ts';
import { resolveTls } from './resolve-tls.ts';
import { hostOf, resolveRoutes } from './resolve-routes.ts';
import type { ParsedConfig } from './schema/index.ts';
import type { GatewayConfig, ResolvedRoute } from './types.ts';
import { configWarnings } from './warnings.ts';

export interface ResolveOptions {
  /** Relative paths (data_dir, key files, tls files) are relative to this directory. */
  readonly baseDir: string;
  /** Names the config in messages (default `config`). */
  readonly source?: string;
}

/**
 * Turns a parsed config into the frozen runtime object the gateway uses: absolute paths,
 * route ids and hosts, compiled policies and a host index. Throws ConfigError
 * (ERR_CONFIG_INVALID) listing every problem, or returns a config that is wholly valid.
 */
export function resolveConfig(parsed: ParsedConfig, options: ResolveOptions): GatewayConfig {
  const source = options.source ?? 'config';
  const issues: ConfigIssue[] = [];
  const path = (p: string) => resolvePath(options.baseDir, p);
  const routes = resolveRoutes(parsed.routes, issues, { sseKeepaliveMs: parsed.sse_keepalive });
  const identityProviders = resolveProviders(parsed.identity_providers, issues);
  const authHost = hostOf(parsed.authenticate_service_url);
  checkHosts(parsed, { authHost, routes }, issues);
  const tls = resolveTls(parsed, path, issues);
  checkDurations(parsed, issues);
  if (issues.length > 0) throw new ConfigError(source, issues);

  const routesByHost = new Map<string, ResolvedRoute>(routes.map((r) => [r.host, r]));
  const config: GatewayConfig = {
    source,
    listen: Object.freeze({ ...parsed.listen }),
    adminListen:
      parsed.admin_listen === undefined ? undefined : Object.freeze({ ...parsed.admin_listen }),
    ssh: Object.freeze({
      enabled: parsed.ssh.enabled,
      listen: Object.freeze({ ...parsed.ssh.listen }),
    }),
    cluster: clusterOf(parsed, path),
    baseDomain: parsed.base_domain.toLowerCase(),
    tunnelUrl: parsed.tunnel_url,
    authenticateServiceUrl: parsed.authenticate_service_url,
    authHost,
    dataDir: path(parsed.data_dir),
    store: storeOf(parsed, path),
    signingKeyFile:
      parsed.signing_key_file === undefined ? undefined : path(parsed.signing_key_file),
    cookieSecretFile:
      parsed.cookie_secret_file === undefined ? undefined : path(parsed.cookie_secret_file),
    tls,
    httpListen:
      parsed.http_listen === undefined ? undefined : Object.freeze({ ...parsed.http_listen }),
    trustedProxies: Object.freeze([...parsed.trusted_proxies]),
    requestReadTimeoutMs: parsed.request_read_timeout,
    sseKeepaliveMs: parsed.sse_keepalive,
    session: Object.freeze({
      lifetimeMs: parsed.session.lifetime,
      idleTimeoutMs: parsed.session.idle_timeout,
    }),
    inspect: Object.freeze({
      bufferSize: parsed.inspect.buffer_size,
      maxBodyBytes: parsed.inspect.max_body_bytes,
      persistSize: parsed.inspect.persist_size,
      tunnelPersist: parsed.inspect.tunnel_persist,
      admins: parsed.inspect.admins,
    }),
    identityProviders: Object.freeze(identityProviders),
    routes: Object.freeze(routes),
    routesByHost,
    oauth: oauthOf(parsed),
    warnings: [],
  };
  return Object.freeze({ ...config, warnings: Object.freeze(configWarnings(config)) });
}

/** The auth host and trusted proxies (top-level keys no sub-resolver checks). */
function checkHosts(
  parsed: ParsedConfig,
  ctx: { readonly authHost: string; readonly routes: readonly ResolvedRoute[] },
  issues: ConfigIssue[],
): void {
  const { authHost, routes } = ctx;
  const clash = routes.find((r) => r.host === authHost);
  if (clash !== undefined) {
    issues.push({
      path: 'authenticate_service_url',
      message: `host "${authHost}" is also routes[${clash.index}].from; give the authenticate service its own host`,
    });
  }
  parsed.trusted_proxies.forEach((entry, i) => {
    if (!isIpOrCidr(entry)) {
      issues.push({
        path: `trusted_proxies[${i}]`,
        message: `not an IP address or CIDR: "${entry}"`,
      });
    }
  });
}

function checkDurations(parsed: ParsedConfig, issues: ConfigIssue[]): void {
  if (parsed.session.lifetime <= 0) {
    issues.push({ path: 'session.lifetime', message: 'must be longer than 0' });
  }
  if (parsed.request_read_timeout <= 0) {
    // Fail closed: without a deadline a client that never sends its body holds a connection.
    issues.push({ path: 'request_read_timeout', message: 'must be longer than 0 (e.g. 30s)' });
  }
}

type PathOf = (p: string) => string;

function clusterOf(parsed: ParsedConfig, path: PathOf): GatewayConfig['cluster'] {
  if (parsed.cluster === undefined) return undefined;
  return Object.freeze({
    internalListen: Object.freeze({ ...parsed.cluster.internal_listen }),
    advertiseUrl: parsed.cluster.advertise_url,
    secretFile:
      parsed.cluster.secret_file === undefined ? undefined : path(parsed.cluster.secret_file),
  });
}

/** SQLite in data_dir unless `store.postgres` is set. */
function storeOf(parsed: ParsedConfig, path: PathOf): GatewayConfig['store'] {
  return parsed.store.postgres === undefined
    ? Object.freeze({ kind: 'sqlite', file: join(path(parsed.data_dir), 'gatehouse.db') })
    : Object.freeze({
        kind: 'postgres',
        url: parsed.store.postgres.url,
        poolSize: parsed.store.postgres.pool_size,
      });
}

function oauthOf(parsed: ParsedConfig): GatewayConfig['oauth'] {
  const cimd = parsed.oauth.client_id_metadata_documents;
  return Object.freeze({
    dynamicClientRegistration: parsed.oauth.dynamic_client_registration,
    registrationTtlMs: parsed.oauth.registration_ttl,
    cimd: Object.freeze({
      enabled: cimd.enabled,
      allowedDomains: Object.freeze([...cimd.allowed_domains]),
      allowLocalhost: cimd.allow_localhost,
    }),
    accessTokenTtlMs: parsed.oauth.access_token_ttl,
    refreshTokenTtlMs: parsed.oauth.refresh_token_ttl,
  });
}

function isIpOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
