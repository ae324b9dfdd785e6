import type { Clock } from '@gatehouse/core';
import type { GuardedFetch } from './guarded-fetch.ts';

export interface ResponseCacheOptions {
  readonly clock: Clock;
  /** Lifetime when the response names none (seconds). */
  readonly defaultSeconds?: number;
  /** Ceiling on any lifetime, whatever the headers say (seconds). */
  readonly ceilingSeconds?: number;
  /** Entries kept; the least recently used goes first. Each body is at most the fetch cap. */
  readonly maxEntries?: number;
}

interface Entry {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: Buffer;
  readonly expiresAt: number;
}

export const CACHE_DEFAULT_S = 60;
export const CACHE_CEILING_S = 3_600;
const MAX_ENTRIES = 512;

/**
 * A per-process cache in front of the guarded fetch, for what oidc-provider fetches from
 * clients: metadata documents and `jwks_uri` (MCP authorization, client ID metadata documents:
 * the AS "SHOULD cache … respecting HTTP cache headers"). Only `200` answers are kept, for the
 * lifetime `Cache-Control: max-age` or `Expires` gives (RFC 9111 §4.2.1), `no-store`/`no-cache`
 * = not kept, nothing = `defaultSeconds`, never longer than `ceilingSeconds`. A cached answer is
 * handed on with `max-age` = its remaining lifetime and no `Expires`, so the provider's own
 * caches (document LRU, client key stores) never hold it past the ceiling either.
 *
 * Without it the provider fetches a CIMD client's `jwks_uri` on every token request (it builds
 * a new client object, with an empty key store, per lookup). The cache is rebuilt after a
 * restart, so it holds nothing durable (ARCHITECTURE "Scale-out").
 */
export function withResponseCache(
  fetch: GuardedFetch,
  options: ResponseCacheOptions,
): GuardedFetch {
  const { clock } = options;
  const defaultSeconds = options.defaultSeconds ?? CACHE_DEFAULT_S;
  const ceilingSeconds = options.ceilingSeconds ?? CACHE_CEILING_S;
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  const entries = new Map<string, Entry>();

  return async (input) => {
    const key = new URL(input).href;
    const hit = entries.get(key);
    if (hit !== undefined) {
      entries.delete(key);
      if (hit.expiresAt > clock.now()) {
        entries.set(key, hit); // most recently used last
        return toResponse(hit, clock.now());
      }
    }
    const response = await fetch(input);
    if (response.status !== 200) return response;
    const seconds = Math.min(
      ceilingSeconds,
      lifetimeSeconds(response.headers, clock.now()) ?? defaultSeconds,
    );
    if (seconds <= 0) return response;
    const entry: Entry = {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: Buffer.from(await response.arrayBuffer()),
      expiresAt: clock.now() + seconds * 1000,
    };
    entries.set(key, entry);
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
    }
    return toResponse(entry, clock.now());
  };
}

/**
 * Seconds the headers allow the response to be reused, 0 for "do not store", or undefined when
 * they say nothing. `max-age` wins over `Expires` (RFC 9111 §5.3); an unparsable `Expires`
 * means already expired (§5.3).
 */
export function lifetimeSeconds(headers: Headers, nowMs: number): number | undefined {
  const directives = (headers.get('cache-control') ?? '')
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache')) return 0;
  const maxAge = directives.find((d) => d.startsWith('max-age='));
  if (maxAge !== undefined) {
    const value = Number(maxAge.slice('max-age='.length).replace(/^"|"$/g, ''));
    return Number.isInteger(value) && value >= 0 ? value : 0;
  }
  const expires = headers.get('expires');
  if (expires === null) return undefined;
  const at = Date.parse(expires);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.floor((at - nowMs) / 1000));
}

function toResponse(entry: Entry, nowMs: number): Response {
  const remaining = Math.max(0, Math.floor((entry.expiresAt - nowMs) / 1000));
  const headers = new Headers({ 'cache-control': `max-age=${remaining}` });
  if (entry.contentType !== null) headers.set('content-type', entry.contentType);
  return new Response(new Uint8Array(entry.body), { status: entry.status, headers });
}
