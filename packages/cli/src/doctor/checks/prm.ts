import { fetchText, jsonObject, type ProbeSettings, ProbeError } from '../http.ts';
import { fail, pass, warn, type CheckResult } from '../types.ts';

export interface ResourceMetadata {
  readonly authorizationServers: readonly string[];
  readonly scopes: readonly string[];
}

export interface PrmOutcome {
  readonly result: CheckResult;
  readonly metadata?: ResourceMetadata;
}

/** RFC 9728 §3.1: the well-known suffix is inserted between host and path. */
export function pathSuffixedPrmUrl(mcp: URL): URL {
  const path = mcp.pathname === '/' ? '' : mcp.pathname.replace(/\/$/, '');
  return new URL(`/.well-known/oauth-protected-resource${path}`, mcp.origin);
}

export function rootPrmUrl(mcp: URL): URL {
  return new URL('/.well-known/oauth-protected-resource', mcp.origin);
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Fetches and validates one protected-resource metadata document. */
async function readPrm(
  where: URL,
  mcp: URL,
  settings: ProbeSettings,
): Promise<{ ok: true; metadata: ResourceMetadata } | { ok: false; problem: string; fix: string }> {
  let res;
  try {
    res = await fetchText(where, { headers: { accept: 'application/json' } }, settings);
  } catch (error) {
    if (error instanceof ProbeError)
      return {
        ok: false,
        problem: error.message,
        fix: 'make the metadata URL reachable over https',
      };
    throw error;
  }
  if (res.status !== 200) {
    return {
      ok: false,
      problem: `${where.href} answered ${String(res.status)}`,
      fix: `serve protected-resource metadata (RFC 9728) at ${where.href} with "resource": "${mcp.href}"`,
    };
  }
  const doc = jsonObject(res.body);
  if (doc === undefined) {
    return {
      ok: false,
      problem: `${where.href} is not a JSON object`,
      fix: 'serve the metadata as application/json',
    };
  }
  const resource = doc['resource'];
  if (
    typeof resource !== 'string' ||
    !URL.canParse(resource) ||
    new URL(resource).href !== mcp.href
  ) {
    return {
      ok: false,
      problem: `"resource" is ${JSON.stringify(resource ?? null)}, not the MCP URL ${mcp.href}`,
      fix: `set "resource" to exactly ${mcp.href} (RFC 9728 §3.3: hosts refuse any other value)`,
    };
  }
  const servers = strings(doc['authorization_servers']).filter((s) => URL.canParse(s));
  if (servers.length === 0) {
    return {
      ok: false,
      problem: 'no "authorization_servers" in the metadata',
      fix: 'list the authorization server issuer URL in "authorization_servers"',
    };
  }
  return {
    ok: true,
    metadata: { authorizationServers: servers, scopes: strings(doc['scopes_supported']) },
  };
}

/**
 * The path-suffixed URL is the one RFC 9728 §3.1 defines and ChatGPT probes first; the root URL
 * is the MCP spec's fallback. The first is required, the second only warned about.
 */
export async function checkPrm(
  mcp: URL,
  settings: ProbeSettings,
  fromChallenge: URL | undefined,
): Promise<{ path: PrmOutcome; root: PrmOutcome; challenge?: PrmOutcome }> {
  const pathUrl = pathSuffixedPrmUrl(mcp);
  const rootUrl = rootPrmUrl(mcp);
  const pathDoc = await readPrm(pathUrl, mcp, settings);
  const path: PrmOutcome = pathDoc.ok
    ? {
        result: pass('prm-path', `${pathUrl.pathname}: resource and authorization_servers correct`),
        metadata: pathDoc.metadata,
      }
    : { result: fail('prm-path', pathDoc.problem, pathDoc.fix) };
  const rootDoc = await readPrm(rootUrl, mcp, settings);
  const root: PrmOutcome = rootDoc.ok
    ? {
        result: pass('prm-root', `${rootUrl.pathname}: resource and authorization_servers correct`),
        metadata: rootDoc.metadata,
      }
    : {
        result: warn(
          'prm-root',
          `${rootDoc.problem} (clients that only probe the root URL will not find the server)`,
          rootDoc.fix,
        ),
      };
  if (
    fromChallenge === undefined ||
    fromChallenge.href === pathUrl.href ||
    fromChallenge.href === rootUrl.href
  )
    return { path, root };
  const challengeDoc = await readPrm(fromChallenge, mcp, settings);
  const challenge: PrmOutcome = challengeDoc.ok
    ? {
        result: pass(
          'prm-challenge',
          `${fromChallenge.href}: resource and authorization_servers correct`,
        ),
        metadata: challengeDoc.metadata,
      }
    : { result: fail('prm-challenge', challengeDoc.problem, challengeDoc.fix) };
  return { path, root, challenge };
}
