import { fetchText, header, type ProbeSettings } from '../http.ts';
import { fail, pass, type CheckResult } from '../types.ts';

export interface Challenge {
  readonly result: CheckResult;
  /** `resource_metadata` from the challenge, when there was one. */
  readonly resourceMetadata?: URL;
  /** `scope` from the challenge, when there was one. */
  readonly scope?: string;
}

/** The auth-params of a `Bearer` challenge (RFC 6750 §3), or undefined without one. */
export function bearerParams(value: string): Map<string, string> | undefined {
  const match = /(?:^|,\s*)Bearer(?:\s+|$)(.*)$/i.exec(value);
  if (match === null) return undefined;
  const params = new Map<string, string>();
  const re = /([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const m of (match[1] ?? '').matchAll(re)) {
    params.set(
      (m[1] ?? '').toLowerCase(),
      m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''),
    );
  }
  return params;
}

/** A JSON-RPC `initialize` a host would send first (2025-11-25 era). */
const INITIALIZE_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'gatehouse-doctor', version: '1' },
  },
});

/**
 * MCP authorization (2025-11-25 §Authorization Server Discovery): without a token the MCP URL
 * answers 401 with `WWW-Authenticate: Bearer resource_metadata="…"` (RFC 9728 §5.1). That
 * challenge is how ChatGPT and Claude find out that, and where, they must sign in.
 */
export async function checkChallenge(url: URL, settings: ProbeSettings): Promise<Challenge> {
  const id = 'challenge';
  const res = await fetchText(
    url,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: INITIALIZE_BODY,
    },
    settings,
  );
  if (res.status === 404) {
    return {
      result: fail(
        id,
        `${url.href} answered 404: no MCP server at this path`,
        'check the path (usually /mcp) and that the route serves it',
      ),
    };
  }
  if (res.status >= 200 && res.status < 300) {
    return {
      result: fail(
        id,
        `${url.href} answered ${String(res.status)} without a token: it is not protected by OAuth`,
        'put the MCP server behind an OAuth-protected route (Gatehouse: mcp: { server: {} })',
      ),
    };
  }
  if (res.status !== 401) {
    return {
      result: fail(
        id,
        `an unauthenticated POST answered ${String(res.status)}, expected 401`,
        'answer requests without a token with 401 and WWW-Authenticate: Bearer resource_metadata="…"',
      ),
    };
  }
  const params = bearerParams(header(res.headers, 'www-authenticate'));
  if (params === undefined) {
    return {
      result: fail(
        id,
        '401 without a WWW-Authenticate: Bearer challenge',
        'send WWW-Authenticate: Bearer resource_metadata="<protected-resource metadata URL>" with the 401 (RFC 9728 §5.1)',
      ),
    };
  }
  const metadata = params.get('resource_metadata');
  const scope = params.get('scope');
  if (metadata === undefined || !URL.canParse(metadata)) {
    return {
      result: fail(
        id,
        '401 with a Bearer challenge but no resource_metadata URL',
        'add resource_metadata="<protected-resource metadata URL>" to the challenge (RFC 9728 §5.1)',
      ),
      ...(scope === undefined ? {} : { scope }),
    };
  }
  return {
    result: pass(id, `401 with Bearer resource_metadata=${metadata}`),
    resourceMetadata: new URL(metadata),
    ...(scope === undefined ? {} : { scope }),
  };
}
