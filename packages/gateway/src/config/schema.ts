import { z } from 'zod';
import { formatDuration, parseDuration } from './duration.ts';
import { tlsSchema } from './tls-schema.ts';

/**
 * The one schema for `gatehouse.yaml`. Unknown keys are errors everywhere (`strictObject`), so a
 * typo never silently turns a protection off. Durations are strings (`30s`, `12h`) or ms.
 */

const duration = z.union([z.number().int().nonnegative(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const ms = parseDuration(v);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `not a duration: "${v}" (use e.g. 30s, 5m, 12h, 14d)`,
    });
    return z.NEVER;
  }
  return ms;
});

/**
 * A duration with a floor (issue 13, defect 7): `0`, or `5` (a number is milliseconds), would
 * give tokens that die at once or sessions that end before a sign-in completes. `why` says what
 * a shorter value breaks; the message names the minimum in config words.
 */
const durationAtLeast = (minMs: number, why: string) =>
  duration.superRefine((ms, ctx) => {
    if (ms >= minMs) return;
    ctx.addIssue({
      code: 'custom',
      message: `must be at least ${formatDuration(minMs)}, got ${formatDuration(ms)} (${why}; a plain number is milliseconds)`,
    });
  });

/** Like `durationAtLeast`, but `0` is allowed and means "no limit". */
const durationOffOrAtLeast = (minMs: number, why: string) =>
  duration.superRefine((ms, ctx) => {
    if (ms === 0 || ms >= minMs) return;
    ctx.addIssue({
      code: 'custom',
      message: `must be 0 (no limit) or at least ${formatDuration(minMs)}, got ${formatDuration(ms)} (${why}; a plain number is milliseconds)`,
    });
  });

/** Minimums of the duration keys (documented in docs/production.md, config reference). */
export const DURATION_MINIMUMS = {
  routeTimeoutMs: 1_000,
  sessionLifetimeMs: 5 * 60_000,
  sessionIdleTimeoutMs: 5 * 60_000,
  registrationTtlMs: 3_600_000,
  accessTokenTtlMs: 60_000,
  refreshTokenTtlMs: 5 * 60_000,
} as const;

/** `host:port` or `:port` (all interfaces) or a bare port. */
const listenAddress = z
  .union([z.number().int().min(0).max(65535), z.string()])
  .transform((v, ctx) => {
    const text = String(v);
    const m = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]]*):)?(\d{1,5})$/.exec(text);
    const port = m === null ? Number.NaN : Number(m[2]);
    if (m === null || port > 65535) {
      ctx.addIssue({
        code: 'custom',
        message: `not a listen address: "${text}" (use host:port, e.g. 127.0.0.1:8787)`,
      });
      return z.NEVER;
    }
    const rawHost = m[1] ?? '';
    const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
    return { host: host === '' ? '0.0.0.0' : host, port };
  });

/** An http(s) origin with no path, query or fragment: a route's `from` or the auth service URL. */
/** Placeholders of `tunnel_url`; lower case so they survive URL host normalisation. */
export const TUNNEL_URL_ROUTE = '{route}';
export const TUNNEL_URL_NAMESPACE = '{namespace}';

const tunnelUrlTemplate = z.string().superRefine((v, ctx) => {
  const problem = tunnelUrlProblem(v);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

function tunnelUrlProblem(template: string): string | undefined {
  for (const placeholder of [TUNNEL_URL_ROUTE, TUNNEL_URL_NAMESPACE]) {
    if (template.split(placeholder).length !== 2)
      return `must contain ${placeholder} exactly once, e.g. https://{route}--{namespace}.tunnels.example.com`;
  }
  const sample = template
    .replace(TUNNEL_URL_ROUTE, 'mcp')
    .replace(TUNNEL_URL_NAMESPACE, 'brave-otter-123');
  let url: URL;
  try {
    url = new URL(sample);
  } catch {
    return `not a URL: "${template}"`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `must be http:// or https://, got "${url.protocol}"`;
  if (url.origin === 'null' || url.username !== '' || url.password !== '')
    return 'must be scheme://host[:port] only';
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /[/?#]$/.test(template))
    return 'must be an origin (scheme://host[:port]) without a path: the MCP path /mcp is added';
  const host = url.hostname;
  if (!host.includes('mcp') || !host.includes('brave-otter-123'))
    return '{route} and {namespace} must be in the host name';
  return undefined;
}

const origin = z.string().transform((v, ctx) => {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not a URL: "${v}"` });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `must be http:// or https://, got "${url.protocol}"` });
    return z.NEVER;
  }
  if (
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an origin only (scheme://host[:port]), got "${v}"`,
    });
    return z.NEVER;
  }
  return url.origin;
});

const upstreamUrl = z.string().transform((v, ctx) => {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not a URL: "${v}"` });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `must be http:// or https://, got "${url.protocol}"` });
    return z.NEVER;
  }
  return url.href;
});

const cidr = z
  .string()
  .regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'not an IP address or CIDR (e.g. 10.0.0.0/8)');

const routeId = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'use lower-case letters, digits and dashes');

export const mcpServerSchema = z.strictObject({
  /** The MCP endpoint's path: the route's canonical MCP URL (the token audience) is `from` + path. */
  path: z
    .string()
    .regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, 'must be a URL path starting with /')
    .refine((p) => p === '/' || !p.endsWith('/'), 'must not end with /')
    .default('/mcp'),
  /** Tool arguments are redacted in audit records unless this is true. */
  audit_arguments: z.boolean().default(false),
  /**
   * Browser origins allowed to call this MCP server besides loopback ones and the route's own
   * (MCP transport: servers must validate Origin). Requests without Origin are not affected.
   */
  allowed_origins: z.array(origin).default([]),
  /** The MCP traffic inspector captures this route's calls (tunnel routes always do). */
  inspect: z.boolean().optional(),
  /** Keeps the last `inspect.persist_size` captured calls in the store across restarts. */
  inspect_persist: z.boolean().optional(),
});

/** The MCP traffic inspector's bounds (docs/inspector.md). */
export const inspectSchema = z.strictObject({
  /** Exchanges kept per route (ring buffer); the oldest goes first. */
  buffer_size: z
    .number()
    .int()
    .min(10, 'keep at least 10 exchanges per route')
    .max(100_000, 'at most 100000 exchanges per route (memory is buffer_size × 2 × max_body_bytes)')
    .default(500),
  /** Bytes kept of each request and response body; the rest is cut with a marker. */
  max_body_bytes: z
    .number()
    .int()
    .min(1024, 'keep at least 1024 bytes of a body')
    .max(16_777_216, 'at most 16777216 bytes (16 MiB) per body')
    .default(262_144),
  /** Exchanges per route kept in the store for routes with `inspect_persist: true`. */
  persist_size: z
    .number()
    .int()
    .min(1, 'persist at least 1 exchange, or turn inspect_persist off')
    .max(10_000, 'at most 10000 persisted exchanges per route')
    .default(100),
  /** Tunnel routes persist their captures too. */
  tunnel_persist: z.boolean().default(false),
  /** Admins may see and replay every route's captures (otherwise only owners can). */
  admins: z.boolean().default(true),
});

export const routeSchema = z.strictObject({
  id: routeId.optional(),
  from: origin,
  to: upstreamUrl,
  policy: z.unknown().optional(),
  allow_public_unauthenticated_access: z.boolean().optional(),
  allow_any_authenticated_user: z.boolean().optional(),
  cors_allow_preflight: z.boolean().optional(),
  allowed_domains: z.array(z.string().min(1)).optional(),
  allowed_users: z.array(z.string().min(1)).optional(),
  allowed_idp_claims: z.record(z.string(), z.array(z.string())).optional(),
  preserve_host_header: z.boolean().default(false),
  pass_identity_headers: z.boolean().default(true),
  /** Whole exchange until response headers (default 30s); 0 = none. SSE bodies are not cut. */
  timeout: durationOffOrAtLeast(
    DURATION_MINIMUMS.routeTimeoutMs,
    'a shorter one fails every request',
  ).default(30_000),
  /** No bytes either way for this long closes the connection (default 5m); 0 = none. */
  idle_timeout: durationOffOrAtLeast(
    DURATION_MINIMUMS.routeTimeoutMs,
    'a shorter one cuts connections mid-request',
  ).default(300_000),
  max_request_bytes: z.number().int().positive().default(1_048_576),
  /** SSE keep-alive comment interval for this route; overrides the top-level `sse_keepalive`. */
  sse_keepalive: duration.optional(),
  mcp: z
    .strictObject({
      server: mcpServerSchema.default({
        path: '/mcp',
        audit_arguments: false,
        allowed_origins: [],
      }),
    })
    .optional(),
});

export const identityProviderSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('builtin'),
    id: routeId.default('builtin'),
    name: z.string().default('Email and password'),
  }),
  z.strictObject({
    type: z.literal('oidc'),
    id: routeId,
    name: z.string().optional(),
    issuer: z.string().url(),
    client_id: z.string().min(1),
    client_secret: z.string().min(1).optional(),
    scopes: z.array(z.string()).default(['openid', 'email', 'profile']),
  }),
]);

export const configSchema = z.strictObject({
  /** Edge listener. */
  listen: listenAddress.default({ host: '127.0.0.1', port: 8787 }),
  /** The SSH tunnel endpoint (`ssh -R 0 -p 2222 <host>`). */
  ssh: z
    .strictObject({
      enabled: z.boolean().default(true),
      listen: listenAddress.default({ host: '127.0.0.1', port: 2222 }),
    })
    .default({ enabled: true, listen: { host: '127.0.0.1', port: 2222 } }),
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
  /**
   * Where durable state lives: SQLite in data_dir (the default, one machine), or PostgreSQL
   * shared by every node of a cluster (`store.postgres.url`). Messages never echo the URL
   * itself: it may carry a password.
   */
  store: z
    .strictObject({
      postgres: z
        .strictObject({
          url: z.string().refine((url) => /^postgres(?:ql)?:\/\/[^/]/i.test(url), {
            message:
              'must be a postgres:// or postgresql:// URL, e.g. postgres://db.example:5432/gatehouse',
          }),
          /** Connections per process; the server's max_connections must cover every node. */
          pool_size: z.number().int().min(1).max(200).default(10),
        })
        .optional(),
    })
    .default({}),
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
  /** The MCP traffic inspector (issue 16): ring size and body limits. */
  inspect: inspectSchema.default({
    buffer_size: 500,
    max_body_bytes: 262_144,
    persist_size: 100,
    tunnel_persist: false,
    admins: true,
  }),
  session: z
    .strictObject({
      lifetime: durationAtLeast(
        DURATION_MINIMUMS.sessionLifetimeMs,
        'a shorter session ends before a sign-in completes',
      ).default(14 * 86_400_000),
      idle_timeout: durationAtLeast(
        DURATION_MINIMUMS.sessionIdleTimeoutMs,
        'a shorter one signs people out while they read a page',
      ).default(86_400_000),
    })
    .default({ lifetime: 14 * 86_400_000, idle_timeout: 86_400_000 }),
  identity_providers: z
    .array(identityProviderSchema)
    .min(1)
    .default([{ type: 'builtin', id: 'builtin', name: 'Email and password' }]),
  /** The OAuth 2.1 authorization server for MCP clients (on the authenticate service). */
  oauth: z
    .strictObject({
      /** RFC 7591 dynamic client registration (rate-limited; unused registrations expire). */
      dynamic_client_registration: z.boolean().default(true),
      /** Unused dynamic registrations are deleted after this long. */
      registration_ttl: durationAtLeast(
        DURATION_MINIMUMS.registrationTtlMs,
        'a shorter one deletes clients between sign-in and their next use',
      ).default(30 * 86_400_000),
      /** Client ID Metadata Documents: `client_id` is an https URL the server fetches. */
      client_id_metadata_documents: z
        .strictObject({
          enabled: z.boolean().default(true),
          /** Only fetch documents from these domains (`*.example.com` allowed); empty = any public host. */
          allowed_domains: z.array(z.string().min(1)).default([]),
          /** DEVELOPMENT ONLY: allow documents on localhost / loopback addresses (and http). */
          allow_localhost: z.boolean().default(false),
        })
        .default({ enabled: true, allowed_domains: [], allow_localhost: false }),
      access_token_ttl: durationAtLeast(
        DURATION_MINIMUMS.accessTokenTtlMs,
        'a shorter token expires before a client can use it',
      ).default(10 * 60_000),
      refresh_token_ttl: durationAtLeast(
        DURATION_MINIMUMS.refreshTokenTtlMs,
        'a shorter one sends users back to sign-in every few minutes',
      ).default(30 * 86_400_000),
    })
    .superRefine((oauth, ctx) => {
      // A refresh token that dies before its access token can never be used to refresh. (A
      // value under its own minimum already has its message.)
      const refresh = oauth.refresh_token_ttl;
      if (refresh >= oauth.access_token_ttl || refresh < DURATION_MINIMUMS.refreshTokenTtlMs)
        return;
      ctx.addIssue({
        code: 'custom',
        path: ['refresh_token_ttl'],
        message: `must be at least access_token_ttl (${formatDuration(oauth.access_token_ttl)}), got ${formatDuration(oauth.refresh_token_ttl)}: a refresh token must outlive the access token it renews`,
      });
    })
    .default({
      dynamic_client_registration: true,
      registration_ttl: 30 * 86_400_000,
      client_id_metadata_documents: { enabled: true, allowed_domains: [], allow_localhost: false },
      access_token_ttl: 10 * 60_000,
      refresh_token_ttl: 30 * 86_400_000,
    }),
  routes: z.array(routeSchema).default([]),
  /**
   * Several gateway processes or machines on one store: each node's internal listener, where the
   * others forward requests for tunnels whose SSH connection it holds. Off unless set (or
   * `gatehouse serve --workers N` with N > 1, which uses the defaults).
   */
  cluster: z
    .strictObject({
      /** Never a public address: only the other nodes must reach it. Port 0 = any free port. */
      internal_listen: listenAddress.default({ host: '127.0.0.1', port: 0 }),
      /** What the other nodes dial, when not the listen address (NAT, containers). */
      advertise_url: origin.optional(),
      /** The secret every node signs hops with (base64 of 32 bytes); default <data_dir>/cluster-secret. */
      secret_file: z.string().min(1).optional(),
    })
    .optional(),
});

export type ParsedConfig = z.output<typeof configSchema>;
export type RouteConfig = z.output<typeof routeSchema>;
export type IdentityProviderConfig = z.output<typeof identityProviderSchema>;
