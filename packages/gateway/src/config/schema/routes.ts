import { z } from 'zod';
import { DURATION_MINIMUMS, duration, durationOffOrAtLeast } from './duration.ts';
import { origin, routeId, upstreamUrl } from './values.ts';

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
