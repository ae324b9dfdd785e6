import { createHash, randomBytes } from 'node:crypto';
import { fetchText, header, jsonObject, type ProbeSettings } from '../http.ts';
import { fail, pass, skip, type CheckResult } from '../types.ts';
import type { AsMetadata } from './as-metadata.ts';

/**
 * The clients ChatGPT and Claude register as (hosts-and-anchors.md §4): a client ID metadata
 * document URL as client_id and their fixed redirect URIs.
 */
export const HOST_CLIENTS = [
  {
    id: 'client-chatgpt',
    name: 'ChatGPT',
    clientId: 'https://chatgpt.com/oauth/client.json',
    redirectUri: 'https://chatgpt.com/connector_platform_oauth_redirect',
  },
  {
    id: 'client-claude',
    name: 'Claude',
    clientId: 'https://claude.ai/oauth/mcp-oauth-client-metadata',
    redirectUri: 'https://claude.ai/api/mcp/auth_callback',
  },
] as const;

export type HostClient = (typeof HOST_CLIENTS)[number];

/** Testing only: the same path on a stand-in origin instead of chatgpt.com / claude.ai. */
export function clientIdFor(client: HostClient, base: URL | undefined): string {
  if (base === undefined) return client.clientId;
  return new URL(new URL(client.clientId).pathname, base).href;
}

function authorizeUrl(
  endpoint: URL,
  client: HostClient,
  clientId: string,
  mcp: URL,
  scope: string,
): URL {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: client.redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: randomBytes(16).toString('base64url'),
    resource: mcp.href,
  };
  if (scope !== '') params['scope'] = scope;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url;
}

/** The error text of a refusal page or JSON, short and without markup. */
function refusal(body: string): string {
  const json = jsonObject(body);
  if (json !== undefined && typeof json['error'] === 'string') {
    const desc =
      typeof json['error_description'] === 'string' ? `: ${json['error_description']}` : '';
    return `${json['error']}${desc}`;
  }
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  const known = /(invalid_[a-z_]+|unauthorized_client|access_denied|unsupported_[a-z_]+)[^.]*/.exec(
    text,
  );
  return (known?.[0] ?? text).slice(0, 160);
}

/**
 * Starts the authorization request a host would send and stops at the answer, without signing
 * in: accepted = the server goes on to its sign-in (a redirect elsewhere, or a page); refused =
 * an error page, or a redirect back to the host carrying `error`. The server fetches the
 * client's metadata document while deciding, exactly as for the real host.
 */
export async function checkHostClient(
  client: HostClient,
  doc: AsMetadata,
  mcp: URL,
  scope: string,
  settings: ProbeSettings,
  base: URL | undefined,
): Promise<CheckResult> {
  const endpoint = doc['authorization_endpoint'];
  if (doc['client_id_metadata_document_supported'] !== true)
    return skip(
      client.id,
      `not checked: no CIMD support, so ${client.name} would fall back to dynamic client registration`,
    );
  if (typeof endpoint !== 'string' || !URL.canParse(endpoint))
    return fail(
      client.id,
      'no authorization_endpoint in the metadata',
      'advertise "authorization_endpoint"',
    );
  const clientId = clientIdFor(client, base);
  const res = await fetchText(
    authorizeUrl(new URL(endpoint), client, clientId, mcp, scope),
    { headers: { accept: 'text/html' } },
    settings,
  );
  const location = header(res.headers, 'location');
  const what = `${client.name}'s request (client_id ${clientId})`;
  if (res.status >= 300 && res.status < 400 && location !== '') {
    const target = new URL(location, endpoint);
    if (target.href.startsWith(client.redirectUri)) {
      const error = target.searchParams.get('error');
      if (error !== null) {
        const desc = target.searchParams.get('error_description');
        return fail(
          client.id,
          `${what} was refused: ${error}${desc === null ? '' : `: ${desc}`}`,
          fixFor(client, error),
        );
      }
      return pass(client.id, `${what} accepted (answered at once)`);
    }
    return pass(client.id, `${what} accepted: the server continues to sign-in`);
  }
  if (res.status === 200)
    return pass(client.id, `${what} accepted: the server shows a page (sign-in)`);
  const reason = refusal(res.body);
  return fail(
    client.id,
    `${what} was refused with ${String(res.status)}: ${reason}`,
    fixFor(client, reason),
  );
}

function fixFor(client: HostClient, reason: string): string {
  if (/redirect/i.test(reason))
    return `the server must accept ${client.name}'s redirect URI ${client.redirectUri} from its metadata document`;
  if (/target|resource/i.test(reason))
    return 'the server must accept the MCP URL as the resource indicator (RFC 8707)';
  if (/scope/i.test(reason)) return 'accept the scopes the protected-resource metadata lists';
  return client.name === 'ChatGPT'
    ? 'accept client ID metadata documents from chatgpt.com that use private_key_jwt (RFC 7523), and allow the domain if domains are restricted'
    : 'accept client ID metadata documents from claude.ai with token_endpoint_auth_method "none", and allow the domain if domains are restricted';
}
