import { z } from 'zod';
import { duration } from './duration.ts';
import type { identityProviderSchema } from './identity-providers.ts';
import { identityProvidersSchema } from './identity-providers.ts';
import { inspectSection } from './inspect.ts';
import { clusterSection } from './cluster.ts';
import { oauthSection } from './oauth.ts';
import { routeSchema } from './routes.ts';
import { sessionSection } from './session.ts';
import { sshSection } from './ssh.ts';
import { storeSection } from './store.ts';
import { tlsSchema } from './tls.ts';
import { tunnelUrlTemplate } from './tunnel-url.ts';
import { cidr, listenAddress, origin } from './values.ts';

export { DURATION_MINIMUMS } from './duration.ts';
export { identityProviderSchema } from './identity-providers.ts';
export { inspectSchema } from './inspect.ts';
export { mcpServerSchema, routeSchema } from './routes.ts';
export { TUNNEL_URL_NAMESPACE, TUNNEL_URL_ROUTE } from './tunnel-url.ts';

/**
 * The one schema for `gatehouse.yaml`. Unknown keys are errors everywhere (`strictObject`), so a
 * typo never silently turns a protection off. Durations are strings (`30s`, `12h`) or ms. Each
 * section with more than a line or two lives in its own file beside this one.
 */
export const configSchema = z.strictObject({
  /** Edge listener. */
  listen: listenAddress.default({ host: '127.0.0.1', port: 8787 }),
  ssh: sshSection,
  /** Prometheus `/metrics` and `/healthz`; off unless set. */
  admin_listen: listenAddress.optional(),
  /**
   * The public URL of every tunnel route, with `{route}` and `{namespace}` in its host, e.g.
   * `https://{route}--{namespace}.tunnels.example.com` (one wildcard certificate covers it) or
   * `https://{route}.{namespace}.example.com`. Set it when a proxy in front changes the scheme or
   * port. Default: `<edge scheme>://{route}.{namespace}.<base_domain>[:<edge port>]`.
   */
  tunnel_url: tunnelUrlTemplate.optional(),
  /** Routes from live tunnels live under this domain (`<route>.<namespace>.<base_domain>`). */
  base_domain: z.string().min(1).default('localhost'),
  /**
   * Where sign-in, sign-out and the account page live (the OAuth issuer). The local default is
   * `localhost`, a name every resolver knows: MCP SDK clients (mcp-remote, which Claude Desktop
   * users run) send credentials over plain http only to localhost / 127.0.0.1 / ::1.
   */
  authenticate_service_url: origin.default('http://localhost:8787'),
  /** Holds gatehouse.db, the signing key and the cookie secret. Relative to the config file. */
  data_dir: z.string().min(1).default('./data'),
  store: storeSection,
  /** PEM file of the ES256 key that signs identity assertions; generated in data_dir when absent. */
  signing_key_file: z.string().min(1).optional(),
  /** File holding the 32-byte cookie secret (base64); generated in data_dir when absent. */
  cookie_secret_file: z.string().min(1).optional(),
  /** HTTPS on the edge: certificate files per host (SNI) and/or ACME (`tls.acme`). */
  tls: tlsSchema.optional(),
  /** Plain HTTP beside a TLS edge: ACME http-01 answers, every other request redirects to https. */
  http_listen: listenAddress.optional(),
  /** Peers whose X-Forwarded-* headers are believed. Empty = trust nobody's. */
  trusted_proxies: z.array(cidr).default([]),
  /**
   * Every listener: request headers must arrive within this, and a request body may pause no
   * longer than this; then 408 and the connection closes. Must be > 0.
   */
  request_read_timeout: duration.default(30_000),
  /** `: keep-alive` comments between SSE events after this much silence (0 = off). */
  sse_keepalive: duration.default(15_000),
  inspect: inspectSection,
  session: sessionSection,
  identity_providers: identityProvidersSchema,
  oauth: oauthSection,
  routes: z.array(routeSchema).default([]),
  cluster: clusterSection,
});

export type ParsedConfig = z.output<typeof configSchema>;
export type RouteConfig = z.output<typeof routeSchema>;
export type IdentityProviderConfig = z.output<typeof identityProviderSchema>;
