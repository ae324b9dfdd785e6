import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client as BrowserLike,
  type TestGateway,
  addAccount,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { startDocumentServer, type DocumentServer } from '@gatehouse/testing';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { connectWithOAuth, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { recordingFetch } from './support/mcp-recording-fetch.ts';
import { startTemplate, type Running } from './support/servers.ts';

/** An MCP client identified by the URL of its metadata document instead of a registration. */
class CimdProvider extends MemoryOAuthProvider {
  readonly clientMetadataUrl: string;
  constructor(clientMetadataUrl: string, redirectUrl: string) {
    super(redirectUrl, 'Local CIMD client');
    this.clientMetadataUrl = clientMetadataUrl;
  }
}

let template: Running;
let docs: DocumentServer;
let gw: TestGateway;

beforeAll(async () => {
  template = await startTemplate();
  docs = await startDocumentServer(); // HTTPS on 127.0.0.1 with a test certificate
  gw = await startMcpGateway(
    `
oauth:
  client_id_metadata_documents: { allow_localhost: true }
routes:
  - from: http://app.localhost:{{port}}
    to: ${new URL(template.url).origin}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`,
    { cimdCa: docs.ca },
  );
  await addAccount(gw.gateway.store, 'ada@example.com');
});

afterAll(async () => {
  await gw?.close();
  await docs?.close();
  await template?.close();
});

describe('CIMD: a client whose metadata document is served locally (development switch on)', () => {
  it('the SDK v2 client uses its document URL as client_id, never registers, and calls echo', async () => {
    const clientId = `${docs.origin}/mcp-client.json`;
    const redirectUrl = 'http://127.0.0.1:33420/callback';
    docs.serve('/mcp-client.json', {
      client_id: clientId,
      client_name: 'Local CIMD client',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
    const provider = new CimdProvider(clientId, redirectUrl);
    const recorder = recordingFetch();
    const { client } = await connectWithOAuth({
      mcpUrl: `${gw.origin('app')}/mcp`,
      provider,
      browser: new BrowserLike(),
      credentials: { email: 'ada@example.com', password: PASSWORD },
      fetch: recorder.fetch,
    });
    const result = await client.callTool({ name: 'echo', arguments: { message: 'cimd hello' } });
    expect(JSON.stringify(result.content)).toContain('cimd hello');
    expect(provider.authorizationUrl?.searchParams.get('client_id')).toBe(clientId);
    expect(recorder.requests.some((r) => r.url.endsWith('/oauth/register'))).toBe(false);
    expect(docs.connections()).toBeGreaterThan(0); // the gateway fetched the document
    await client.close();
  });
});
