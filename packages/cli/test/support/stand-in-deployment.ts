import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyOf, startHttps, type IssuedCertificate, type RunningHttps } from '@gatehouse/testing';

/** How a stand-in third-party deployment is broken (none: a correct one). */
export interface Breakage {
  readonly noPrm?: boolean;
  readonly wrongResource?: boolean;
  readonly htmlTokenErrors?: boolean;
  readonly uiMime?: string;
  /** A 2025-era server: no subscriptions/listen, a GET event stream per session instead. */
  readonly legacyStreamOnly?: boolean;
}

export interface StandIn extends RunningHttps {
  readonly mcpUrl: string;
  /** Authorization header values the server received (to prove a token was or was not sent). */
  readonly authorizations: string[];
}

export const GOOD_TOKEN = 'doctor-test-token-4f1c2b9e';

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body));
};

function mcpAnswer(message: Record<string, unknown>, uiMime: string): unknown {
  const id = message['id'];
  const result = (value: unknown) => ({ jsonrpc: '2.0', id, result: value });
  switch (message['method']) {
    case 'initialize':
      return result({
        protocolVersion: '2025-11-25',
        capabilities: {
          tools: {},
          resources: {},
          extensions: { 'io.modelcontextprotocol/ui': {} },
        },
        serverInfo: { name: 'stand-in', version: '1' },
      });
    case 'tools/list':
      return result({
        tools: [
          {
            name: 'echo',
            inputSchema: { type: 'object' },
            _meta: { ui: { resourceUri: 'ui://echo' } },
          },
        ],
      });
    case 'resources/read':
      return result({
        contents: [
          {
            uri: 'ui://echo',
            mimeType: uiMime,
            text: '<p>hi</p>',
            _meta: { ui: { csp: { connectDomains: [] } } },
          },
        ],
      });
    default:
      return { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } };
  }
}

/**
 * A small MCP deployment written for these tests, standing in for someone else's server (not
 * one of our modules): OAuth discovery, an authorization endpoint, a token endpoint and an MCP
 * endpoint, each of which can be broken on purpose.
 */
export async function startStandIn(
  certificate: IssuedCertificate,
  host: string,
  breakage: Breakage = {},
): Promise<StandIn> {
  const authorizations: string[] = [];
  let origin = '';
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const auth = req.headers.authorization;
    if (auth !== undefined) authorizations.push(auth);
    const mcp = `${origin}/mcp`;
    if (url.pathname.startsWith('/.well-known/oauth-protected-resource')) {
      if (breakage.noPrm === true) return json(res, 404, { error: 'not_found' });
      return json(res, 200, {
        resource: breakage.wrongResource === true ? `${origin}/` : mcp,
        authorization_servers: [origin],
        scopes_supported: ['mcp'],
      });
    }
    if (
      url.pathname === '/.well-known/oauth-authorization-server' ||
      url.pathname === '/.well-known/openid-configuration'
    ) {
      return json(res, 200, {
        issuer: origin,
        authorization_endpoint: `${origin}/authorize`,
        token_endpoint: `${origin}/token`,
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
        client_id_metadata_document_supported: true,
        token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: ['RS256', 'ES256'],
      });
    }
    if (url.pathname === '/token') {
      await bodyOf(req);
      if (breakage.htmlTokenErrors === true)
        return void res
          .writeHead(400, { 'content-type': 'text/html' })
          .end('<html><body><h1>Bad Request</h1></body></html>');
      return json(res, 400, { error: 'invalid_grant' });
    }
    if (url.pathname === '/authorize')
      return void res.writeHead(302, { location: `${origin}/login` }).end();
    if (url.pathname !== '/mcp') return json(res, 404, { error: 'not_found' });
    if (req.method === 'OPTIONS') {
      return void res
        .writeHead(204, {
          'access-control-allow-origin': req.headers.origin ?? '*',
          'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
          'access-control-allow-headers':
            'Authorization, Content-Type, Mcp-Protocol-Version, Mcp-Session-Id, Mcp-Method',
        })
        .end();
    }
    if (auth !== `Bearer ${GOOD_TOKEN}`) {
      await bodyOf(req);
      return json(
        res,
        401,
        { error: 'invalid_token' },
        {
          'www-authenticate': `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp", scope="mcp"`,
        },
      );
    }
    if (req.method === 'DELETE') return void res.writeHead(204).end();
    if (req.method === 'GET') {
      // Its first byte (a keep-alive comment) at once, then held open.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': keepalive\n\n');
      return;
    }
    const message = JSON.parse(await bodyOf(req)) as Record<string, unknown>;
    if (message['method'] === 'subscriptions/listen' && breakage.legacyStreamOnly === true)
      return json(res, 400, {
        jsonrpc: '2.0',
        id: message['id'],
        error: { code: -32601, message: 'Method not found' },
      });
    if (message['method'] === 'subscriptions/listen') {
      // Written at once and then held open, as an unbuffered server does.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-accel-buffering': 'no' });
      res.write(
        `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/subscriptions/acknowledged', params: {} })}\n\n`,
      );
      return;
    }
    if (message['id'] === undefined) return void res.writeHead(202).end();
    return json(res, 200, mcpAnswer(message, breakage.uiMime ?? 'text/html;profile=mcp-app'), {
      'mcp-session-id': 'stand-in-session',
    });
  };
  const server = await startHttps(certificate, (req, res) => void handler(req, res));
  origin = `https://${host}:${String(server.port)}`;
  return { ...server, mcpUrl: `${origin}/mcp`, authorizations };
}
