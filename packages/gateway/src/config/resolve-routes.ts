import { compileRoutePolicy, PolicyCompileError } from '@gatehouse/policy';
import type { ConfigIssue } from './errors.ts';
import type { RouteConfig } from './schema/index.ts';
import type { ResolvedRoute } from './types.ts';

const ROUTE_ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** `hostname[:port]` of an origin as a client's Host header carries it: lower-case, no default port. */
export function hostOf(origin: string): string {
  // WHATWG URL lower-cases the host, applies IDNA and drops the scheme's default port.
  return new URL(origin).host;
}

/**
 * Resolves the routes: ids, hosts and compiled policies. Problems are pushed onto `issues`
 * (duplicates name both indexes); a route with a problem is left out of the result.
 */
export function resolveRoutes(
  routes: readonly RouteConfig[],
  issues: ConfigIssue[],
  defaults: { readonly sseKeepaliveMs: number } = { sseKeepaliveMs: 15_000 },
): ResolvedRoute[] {
  const out: ResolvedRoute[] = [];
  const byId = new Map<string, number>();
  const byHost = new Map<string, number>();
  routes.forEach((route, index) => {
    const at = `routes[${index}]`;
    const host = hostOf(route.from);
    const id = route.id ?? new URL(route.from).hostname.split('.')[0] ?? '';
    let ok = true;
    const sameHost = byHost.get(host);
    if (sameHost !== undefined) {
      const message = `duplicate host "${host}" (also routes[${sameHost}].from)`;
      issues.push({ path: `${at}.from`, message });
      ok = false;
    } else byHost.set(host, index);
    const sameId = byId.get(id);
    if (!ROUTE_ID.test(id)) {
      const message = `cannot derive a route id from host "${host}"; set id`;
      issues.push({ path: `${at}.from`, message });
      ok = false;
    } else if (sameId !== undefined) {
      // A derived id repeats whenever the host does; that is already reported.
      if (route.id !== undefined || sameHost === undefined) {
        const message = `duplicate route id "${id}" (also routes[${sameId}])`;
        issues.push({ path: route.id === undefined ? `${at}.from` : `${at}.id`, message });
      }
      ok = false;
    } else byId.set(id, index);
    const policy = compile(route, at, issues);
    if (!ok || policy === undefined) return;
    out.push(
      Object.freeze({
        id,
        index,
        from: route.from,
        host,
        to: route.to,
        policy,
        allowPublicUnauthenticatedAccess: route.allow_public_unauthenticated_access === true,
        preserveHostHeader: route.preserve_host_header,
        passIdentityHeaders: route.pass_identity_headers,
        timeoutMs: route.timeout,
        idleTimeoutMs: route.idle_timeout,
        maxRequestBytes: route.max_request_bytes,
        sseKeepaliveMs: route.sse_keepalive ?? defaults.sseKeepaliveMs,
        mcp: route.mcp,
        mcpResource:
          route.mcp === undefined
            ? undefined
            : `${route.from}${route.mcp.server.path === '/' ? '' : route.mcp.server.path}`,
      }),
    );
  });
  return out;
}

function compile(route: RouteConfig, at: string, issues: ConfigIssue[]) {
  try {
    return compileRoutePolicy(definedOnly(route), { path: at });
  } catch (error) {
    if (!(error instanceof PolicyCompileError)) throw error;
    for (const issue of error.issues) issues.push({ path: issue.path, message: issue.message });
    return undefined;
  }
}

/** Drops keys whose value is undefined (zod's optional output) for exact optional types. */
function definedOnly<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
