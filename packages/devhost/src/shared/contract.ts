/**
 * The contract between the dev host's server, its web app and the sandbox proxy page.
 * Shared by both sides; no runtime dependencies.
 */

/** `GET /config.json` on the host origin. */
export interface DevHostConfig {
  /** MCP server URL pre-filled in the connect form, e.g. http://localhost:8080/mcp. */
  readonly defaultServerUrl: string;
  /** The sandbox proxy page on a different origin, e.g. http://127.0.0.1:5175/sandbox.html. */
  readonly sandboxUrl: string;
}

/**
 * Query parameter of sandbox.html carrying the view's CSP metadata (`_meta.ui.csp`) as
 * base64url-encoded JSON. The sandbox server turns it into the page's Content-Security-Policy
 * header, so the view cannot loosen it; the proxy refuses a resource whose csp differs.
 */
export const CSP_PARAM = 'csp';

/** Methods exchanged only between host and proxy (SEP-1865); the proxy never forwards them. */
export const SANDBOX_PROXY_READY = 'ui/notifications/sandbox-proxy-ready';
export const SANDBOX_RESOURCE_READY = 'ui/notifications/sandbox-resource-ready';
export const SANDBOX_METHOD_PREFIX = 'ui/notifications/sandbox-';

/**
 * Proxy → host (Gatehouse, not SEP-1865): the proxy refused a `sandbox-resource-ready`, e.g. its
 * csp differs from the one the sandbox page was loaded with (the CSP header is fixed at load, so
 * reload sandbox.html with the resource's csp), or a resource was already loaded.
 * params: {@link SandboxResourceRefusedParams}.
 */
export const SANDBOX_RESOURCE_REFUSED = 'ui/notifications/sandbox-resource-refused';

/**
 * Proxy → host (Gatehouse, not SEP-1865): the view's CSP blocked a load. The proxy puts a
 * `securitypolicyviolation` listener into the view's document and forwards what it saw, so the
 * host can say which `_meta.ui.csp` list to change (csp-advice.ts). The view can forge these
 * (it can script the proxy anyway): the host shows them as text and nothing else.
 * params: {@link SandboxCspViolationParams}.
 */
export const SANDBOX_CSP_VIOLATION = 'ui/notifications/sandbox-csp-violation';

export interface SandboxCspViolationParams {
  readonly blockedUrl: string;
  readonly directive: string;
}

/**
 * Proxy → host (Gatehouse, not SEP-1865): the view's iframe fired `load`, so its scripts have
 * run. A view that has not sent `ui/initialize` a few seconds later did not start. params: {}.
 */
export const SANDBOX_VIEW_LOADED = 'ui/notifications/sandbox-view-loaded';

/** Where the sandbox page's CSP sends violation reports (`report-uri`), on the sandbox origin. */
export const CSP_REPORT_PATH = '/csp-report';

export interface SandboxResourceRefusedParams {
  /** Stable reason code. */
  readonly reason: 'csp-mismatch' | 'already-loaded' | 'invalid-params';
  readonly message: string;
}

/** The inner view iframe's sandbox attribute: fixed by the proxy, never taken from the host. */
export const VIEW_SANDBOX = 'allow-scripts allow-same-origin allow-forms';

/** ids used by tests and by the proxy: host page iframe `#proxy`, inner view iframe `#view`. */
export const PROXY_FRAME_ID = 'proxy';
export const VIEW_FRAME_ID = 'view';

export function encodeCspParam(csp: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(csp ?? {}));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCspParam(value: string): unknown {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
}
