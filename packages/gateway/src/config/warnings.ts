import type { GatewayConfig } from './types.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Valid settings that weaken security; the caller logs each one at warn on every (re)load. */
export function configWarnings(config: GatewayConfig): string[] {
  const out: string[] = [];
  if (!LOOPBACK.has(config.listen.host) && config.tls === undefined) {
    out.push(
      `listen ${config.listen.host}:${config.listen.port} is reachable from other machines without tls; ` +
        'put a TLS-terminating proxy in front or set tls',
    );
  }
  if (config.tls?.acme !== undefined && !config.authenticateServiceUrl.startsWith('https://')) {
    out.push(
      `tls.acme is set but authenticate_service_url is ${config.authenticateServiceUrl}: ACME only covers https:// hosts`,
    );
  }
  if (config.adminListen !== undefined && !LOOPBACK.has(config.adminListen.host)) {
    out.push(
      `admin_listen ${config.adminListen.host}:${config.adminListen.port} exposes /metrics beyond this machine`,
    );
  }
  const internal = config.cluster?.internalListen;
  if (internal !== undefined && !LOOPBACK.has(internal.host)) {
    out.push(
      `cluster.internal_listen ${internal.host}:${internal.port} is reachable from other machines: ` +
        'its hops are signed but not encrypted, so keep it on a private network between the nodes',
    );
  }
  for (const p of config.trustedProxies) {
    if (p.endsWith('/0')) {
      out.push(`trusted_proxies contains ${p}: any client can forge X-Forwarded-For`);
    }
  }
  if (config.oauth.cimd.allowLocalhost) {
    out.push(
      'oauth.client_id_metadata_documents.allow_localhost is on: DEVELOPMENT ONLY (the server will fetch client metadata from loopback addresses)',
    );
  }
  for (const r of config.routes) {
    if (r.allowPublicUnauthenticatedAccess) {
      out.push(`route "${r.id}" (${r.from}) is public: anyone can reach it without signing in`);
    }
  }
  return out;
}
