/**
 * DNS-rebinding and cross-origin protection (MCP 2025-11-25 transports §Security: servers MUST
 * validate Origin and SHOULD answer 403). Loopback names are always allowed: a browser never
 * lets a web page choose what `localhost` resolves to.
 */
export interface GuardOptions {
  readonly allowedOrigins: readonly string[];
  readonly allowedHosts: readonly string[];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackHostName(name: string): boolean {
  return LOOPBACK_HOSTS.has(name) || name.endsWith('.localhost');
}

/** The host name of a Host header value, lower-cased and without the port. */
export function hostNameOf(hostHeader: string): string | undefined {
  const value = hostHeader.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/.exec(value);
  return match?.[1];
}

export function isHostAllowed(hostHeader: string | undefined, options: GuardOptions): boolean {
  if (hostHeader === undefined) return false;
  const name = hostNameOf(hostHeader);
  if (name === undefined) return false;
  return isLoopbackHostName(name) || options.allowedHosts.includes(name);
}

/**
 * No Origin header means a non-browser client (an MCP host's backend, the SDK, curl): allowed.
 * A browser Origin must be loopback or listed. `null` (sandboxed frames, file://) is refused.
 */
export function isOriginAllowed(origin: string | undefined, options: GuardOptions): boolean {
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (isLoopbackHostName(url.hostname)) return true;
  return options.allowedOrigins.includes(url.origin);
}
