import { z } from 'zod';

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

/** The `inspect` section: ring size and body limits (issue 16), with defaults when unset. */
export const inspectSection = inspectSchema.default({
  buffer_size: 500,
  max_body_bytes: 262_144,
  persist_size: 100,
  tunnel_persist: false,
  admins: true,
});
