import { fetchText, jsonObject, ProbeError, type ProbeSettings } from '../http.ts';
import { fail, pass, warn, type CheckResult } from '../types.ts';

export type AsMetadata = Readonly<Record<string, unknown>>;

/**
 * Where hosts look for an issuer's metadata, in the MCP spec's order (2025-11-25
 * §Authorization Server Metadata Discovery): RFC 8414 path-inserted, then OpenID Connect
 * discovery path-inserted and path-appended (only one URL each for an issuer without a path).
 */
export function metadataUrls(issuer: URL): { kind: 'oauth' | 'oidc'; url: URL }[] {
  const path = issuer.pathname === '/' ? '' : issuer.pathname.replace(/\/$/, '');
  const urls: { kind: 'oauth' | 'oidc'; url: URL }[] = [
    {
      kind: 'oauth',
      url: new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin),
    },
    { kind: 'oidc', url: new URL(`/.well-known/openid-configuration${path}`, issuer.origin) },
  ];
  if (path !== '')
    urls.push({
      kind: 'oidc',
      url: new URL(`${path}/.well-known/openid-configuration`, issuer.origin),
    });
  return urls;
}

export interface AsOutcome {
  readonly result: CheckResult;
  readonly metadata?: AsMetadata;
}

/** Fetches the issuer's metadata the ways hosts do; `issuer` must match (RFC 8414 §3.3). */
export async function checkAsMetadata(issuer: URL, settings: ProbeSettings): Promise<AsOutcome> {
  const id = 'as-metadata';
  const found: { kind: string; url: URL; doc: AsMetadata }[] = [];
  const problems: string[] = [];
  for (const { kind, url } of metadataUrls(issuer)) {
    let res;
    try {
      res = await fetchText(url, { headers: { accept: 'application/json' } }, settings);
    } catch (error) {
      if (!(error instanceof ProbeError)) throw error;
      problems.push(`${url.pathname}: ${error.message}`);
      continue;
    }
    const doc = res.status === 200 ? jsonObject(res.body) : undefined;
    if (doc === undefined) continue;
    if (doc['issuer'] !== issuer.href && doc['issuer'] !== issuer.href.replace(/\/$/, '')) {
      problems.push(`${url.pathname} names issuer ${JSON.stringify(doc['issuer'] ?? null)}`);
      continue;
    }
    found.push({ kind, url, doc });
  }
  const first = found[0];
  if (first === undefined) {
    const why = problems.length > 0 ? `: ${problems.join('; ')}` : '';
    return {
      result: fail(
        id,
        `no authorization server metadata for ${issuer.href}${why}`,
        `serve RFC 8414 metadata at ${metadataUrls(issuer)[0]?.url.href ?? ''} with "issuer": "${issuer.href.replace(/\/$/, '')}"`,
      ),
    };
  }
  const where = found.map((f) => f.url.pathname).join(' and ');
  if (!found.some((f) => f.kind === 'oidc')) {
    return {
      result: warn(
        id,
        `found at ${where}; no OpenID Connect discovery document (some hosts probe it)`,
      ),
      metadata: first.doc,
    };
  }
  return { result: pass(id, `found at ${where}`), metadata: first.doc };
}

const list = (doc: AsMetadata, key: string): string[] => {
  const value = doc[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

/** The metadata fields ChatGPT and Claude act on (hosts-and-anchors.md §4). */
export function checkAsFields(doc: AsMetadata): CheckResult[] {
  const results: CheckResult[] = [];
  const pkce = list(doc, 'code_challenge_methods_supported');
  if (!pkce.includes('S256')) {
    results.push(
      fail(
        'as-pkce',
        pkce.length === 0
          ? 'code_challenge_methods_supported is missing (MCP clients must then refuse to continue)'
          : `code_challenge_methods_supported is [${pkce.join(', ')}] without S256`,
        'support PKCE with S256 and advertise "code_challenge_methods_supported": ["S256"]',
      ),
    );
  } else if (pkce.some((m) => m !== 'S256')) {
    results.push(
      warn(
        'as-pkce',
        `PKCE methods [${pkce.join(', ')}]: S256 plus weaker ones`,
        'offer only S256 (OAuth 2.1 §4.1.1)',
      ),
    );
  } else results.push(pass('as-pkce', 'PKCE with S256 only'));

  results.push(
    doc['authorization_response_iss_parameter_supported'] === true
      ? pass('as-iss', 'iss in authorization responses (RFC 9207)')
      : fail(
          'as-iss',
          'authorization_response_iss_parameter_supported is not true',
          'return iss in authorization responses and advertise it (RFC 9207); ChatGPT relies on it',
        ),
  );
  results.push(
    doc['client_id_metadata_document_supported'] === true
      ? pass('as-cimd', 'client ID metadata documents supported')
      : fail(
          'as-cimd',
          'client_id_metadata_document_supported is not true',
          'support client ID metadata documents (ChatGPT and Claude register this way; Gatehouse: oauth.client_id_metadata_documents)',
        ),
  );
  const methods = list(doc, 'token_endpoint_auth_methods_supported');
  const missing = ['none', 'private_key_jwt'].filter((m) => !methods.includes(m));
  const algs = list(doc, 'token_endpoint_auth_signing_alg_values_supported');
  if (missing.length > 0) {
    results.push(
      fail(
        'as-auth-methods',
        `token_endpoint_auth_methods_supported lacks ${missing.join(' and ')} (has [${methods.join(', ')}])`,
        'accept "none" (Claude) and "private_key_jwt" (ChatGPT, RFC 7523) at the token endpoint and advertise both',
      ),
    );
  } else if (algs.length > 0 && !algs.includes('RS256')) {
    results.push(
      fail(
        'as-auth-methods',
        `private_key_jwt without RS256 (algs [${algs.join(', ')}])`,
        'accept RS256 client assertions: ChatGPT signs with RS256',
      ),
    );
  } else results.push(pass('as-auth-methods', `token endpoint accepts ${methods.join(', ')}`));
  return results;
}
