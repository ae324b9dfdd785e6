/**
 * What to tell a developer when the sandbox CSP blocks something a widget loads: the URL, the
 * directive, and which `_meta.ui.csp` list (SEP-1865 `McpUiResourceCsp`) would allow it. Shared by
 * the web app (violations the proxy forwards) and the sandbox server (CSP reports, for stderr);
 * no runtime dependencies.
 */

export type CspList = 'resourceDomains' | 'connectDomains' | 'frameDomains' | 'baseUriDomains';

/** One blocked load, as a `securitypolicyviolation` event or a CSP report describes it. */
export interface CspViolation {
  /** `blockedURI`: a URL, or a keyword such as `eval` or `inline`. */
  readonly blockedUrl: string;
  /** `effectiveDirective`, e.g. `img-src` or `connect-src`. */
  readonly directive: string;
  /** The UI resource whose view was blocked, when known. */
  readonly resourceUri?: string;
}

/** sandbox-csp.ts builds each directive from these lists (spec §Security, host behaviour). */
const LIST_OF_DIRECTIVE: Readonly<Record<string, CspList>> = {
  'img-src': 'resourceDomains',
  'script-src': 'resourceDomains',
  'script-src-elem': 'resourceDomains',
  'style-src': 'resourceDomains',
  'style-src-elem': 'resourceDomains',
  'font-src': 'resourceDomains',
  'media-src': 'resourceDomains',
  'worker-src': 'resourceDomains',
  'connect-src': 'connectDomains',
  'frame-src': 'frameDomains',
  'child-src': 'frameDomains',
  'base-uri': 'baseUriDomains',
};

const WHAT_A_LIST_COVERS: Readonly<Record<CspList, string>> = {
  resourceDomains: 'images, scripts, stylesheets, fonts and media',
  connectDomains: 'fetch, XHR and WebSocket',
  frameDomains: 'nested iframes',
  baseUriDomains: '<base href>',
};

/** The `_meta.ui.csp` list that governs `directive`, or undefined when no list can allow it. */
export function cspListFor(directive: string): CspList | undefined {
  return Object.hasOwn(LIST_OF_DIRECTIVE, directive) ? LIST_OF_DIRECTIVE[directive] : undefined;
}

function networkOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    return /^(https?|wss?):$/.test(url.protocol) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** One message: what was blocked, and exactly what to change so it is not. */
export function cspViolationAdvice(violation: CspViolation): string {
  const { blockedUrl, directive } = violation;
  const resource = violation.resourceUri === undefined ? 'the UI resource' : violation.resourceUri;
  if (blockedUrl === 'eval' || blockedUrl === 'wasm-eval') {
    return (
      `The widget's CSP blocked ${blockedUrl} (${directive}): MCP App hosts never allow ` +
      `eval() or new Function(). Remove it; with zod 4, run config({ jitless: true }) before ` +
      `the MCP SDK loads.`
    );
  }
  const list = cspListFor(directive);
  if (list === undefined) {
    return (
      `The widget's CSP blocked ${blockedUrl || 'a load'} (${directive}): MCP App hosts allow ` +
      `no sources for ${directive}, and no _meta.ui.csp list changes that.`
    );
  }
  const origin = networkOrigin(blockedUrl);
  if (origin === undefined) {
    return (
      `The widget's CSP blocked ${blockedUrl || 'a load'} (${directive}). _meta.ui.csp.${list} ` +
      `takes exact http(s) origins only (ws(s) in connectDomains), so this source cannot be ` +
      `allowed: load it from a declared origin instead.`
    );
  }
  return (
    `The widget's CSP blocked ${blockedUrl} (${directive}). To allow it, add "${origin}" to ` +
    `_meta.ui.csp.${list} (${WHAT_A_LIST_COVERS[list]}) of ${resource} — in the Gatehouse ` +
    `template, server/src/widget-csp.ts. List exact origins: wildcards are not supported, and ` +
    `if the URL redirects, list the origin it redirects to as well.`
  );
}
