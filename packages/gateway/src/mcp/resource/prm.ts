import { DPOP_SIGNING_ALGS } from './dpop-proof.ts';
import { normalisePrmPath } from './prm-path.ts';
import { mcpPathOf, mcpResourceOf, type McpRouteView } from './route.ts';

/** RFC 9728 §3: the well-known suffix for protected-resource metadata. */
export const PRM_WELL_KNOWN = '/.well-known/oauth-protected-resource';

/** The only scope MCP routes use; `offline_access` is never advertised (research §5 F6). */
export const MCP_SCOPE = 'mcp';

export interface ProtectedResourceMetadata {
  readonly resource: string;
  readonly authorization_servers: readonly string[];
  readonly scopes_supported: readonly string[];
  readonly bearer_methods_supported: readonly string[];
  readonly resource_name: string;
  /** RFC 9728 §2: DPoP proofs we verify; the AS advertises the same list. */
  readonly dpop_signing_alg_values_supported: readonly string[];
  /** RFC 9728 §2: plain Bearer tokens stay accepted; bound ones need their proof. */
  readonly dpop_bound_access_tokens_required: boolean;
}

/**
 * Where this route's metadata is served: the root form, and the path-inserted form RFC 9728
 * §3.1 derives from the resource URL (`/.well-known/oauth-protected-resource/mcp`).
 */
export function prmPaths(route: McpRouteView): readonly string[] {
  const path = mcpPathOf(route);
  return path === '/' ? [PRM_WELL_KNOWN] : [PRM_WELL_KNOWN, `${PRM_WELL_KNOWN}${path}`];
}

/** True when a request path (query allowed) asks for this route's metadata. */
export function matchPrmRequest(path: string, route: McpRouteView): boolean {
  const wanted = normalisePrmPath(path);
  if (wanted === undefined) return false;
  return prmPaths(route).some((p) => normalisePrmPath(p) === wanted);
}

/** The absolute, path-inserted PRM URL that the 401 challenge points to. Built from config only. */
export function prmUrl(route: McpRouteView): string {
  const path = mcpPathOf(route);
  return `${route.from}${PRM_WELL_KNOWN}${path === '/' ? '' : path}`;
}

/**
 * The RFC 9728 document. Everything comes from config: `resource` is the route's canonical MCP
 * URL (RFC 9728 §3.3: it must equal the URL the client used) and never a request's Host or
 * X-Forwarded-* (research §5 F2, F4).
 */
export function protectedResourceMetadata(
  route: McpRouteView,
  issuer: string,
): ProtectedResourceMetadata {
  return {
    resource: mcpResourceOf(route),
    authorization_servers: [issuer],
    scopes_supported: [MCP_SCOPE],
    bearer_methods_supported: ['header'],
    resource_name: route.id,
    dpop_signing_alg_values_supported: DPOP_SIGNING_ALGS,
    dpop_bound_access_tokens_required: false,
  };
}

export interface PrmResponse {
  readonly status: 200;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The GET answer at a path `matchPrmRequest` accepted, with the MCP CORS headers. */
export function prmResponse(
  route: McpRouteView,
  issuer: string,
  corsHeaders: Readonly<Record<string, string>>,
): PrmResponse {
  return {
    status: 200,
    headers: {
      ...corsHeaders,
      'content-type': 'application/json',
      // Config-derived and public; short so a config reload shows up soon.
      'cache-control': 'public, max-age=300',
    },
    body: JSON.stringify(protectedResourceMetadata(route, issuer)),
  };
}
