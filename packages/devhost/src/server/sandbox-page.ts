import {
  SANDBOX_CSP_VIOLATION,
  SANDBOX_METHOD_PREFIX,
  SANDBOX_PROXY_READY,
  SANDBOX_RESOURCE_READY,
  SANDBOX_RESOURCE_REFUSED,
  SANDBOX_VIEW_LOADED,
  VIEW_FRAME_ID,
  VIEW_SANDBOX,
} from '../shared/contract.ts';
import { escapeHtml } from './http.ts';

/** Read by the proxy script from `<script type="application/json" id="gatehouse-proxy-config">`. */
export interface ProxyConfig {
  /** The only origin the proxy talks to; written by the server, never taken from the query. */
  readonly hostOrigin: string;
  /** The csp metadata this page's CSP header was built from; a resource must declare the same. */
  readonly csp: unknown;
  readonly proxyReady: string;
  readonly resourceReady: string;
  readonly resourceRefused: string;
  readonly cspViolation: string;
  readonly viewLoaded: string;
  readonly methodPrefix: string;
  readonly viewSandbox: string;
  readonly viewFrameId: string;
}

const PROXY_CONFIG_ID = 'gatehouse-proxy-config';
const HOST_ORIGIN_META = 'gatehouse-host-origin';

// JSON inside <script> must not be able to close the element or open a comment.
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function renderSandboxPage(hostOrigin: string, csp: unknown): string {
  const config: ProxyConfig = {
    hostOrigin,
    csp: csp ?? {},
    proxyReady: SANDBOX_PROXY_READY,
    resourceReady: SANDBOX_RESOURCE_READY,
    resourceRefused: SANDBOX_RESOURCE_REFUSED,
    cspViolation: SANDBOX_CSP_VIOLATION,
    viewLoaded: SANDBOX_VIEW_LOADED,
    methodPrefix: SANDBOX_METHOD_PREFIX,
    viewSandbox: VIEW_SANDBOX,
    viewFrameId: VIEW_FRAME_ID,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="${HOST_ORIGIN_META}" content="${escapeHtml(hostOrigin)}">
<title>Gatehouse sandbox proxy</title>
<style>
html, body { margin: 0; padding: 0; width: 100%; height: 100%; overflow: hidden; background: transparent; }
#${VIEW_FRAME_ID} { display: block; width: 100%; height: 100%; border: 0; }
#gatehouse-proxy-error { font: 14px system-ui, sans-serif; color: #b00020; padding: 12px; }
</style>
<script type="application/json" id="${PROXY_CONFIG_ID}">${scriptJson(config)}</script>
</head>
<body>
<script src="/sandbox.js"></script>
</body>
</html>
`;
}
