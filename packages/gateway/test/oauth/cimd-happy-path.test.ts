import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_RESOURCE, startAs, type AsHarness } from './support/harness.ts';
import { obtainCode, redeem } from './support/flows.ts';
import { startDocumentServer, type DocumentServer } from '@gatehouse/testing';

let docs: DocumentServer;
let h: AsHarness;
beforeAll(async () => {
  docs = await startDocumentServer();
  h = await startAs({
    cimdCa: docs.ca,
    oauthYaml: '  client_id_metadata_documents: { allow_localhost: true }',
  });
});
afterAll(async () => {
  await h.close();
  await docs.close();
});

describe('CIMD: a client whose metadata document is served locally (development switch on)', () => {
  it('is fetched over HTTPS, shown as a CIMD client, and completes the flow', async () => {
    const clientId = `${docs.origin}/oauth/client.json`;
    docs.serve('/oauth/client.json', {
      client_id: clientId,
      client_name: 'Local CIMD client',
      redirect_uris: ['http://127.0.0.1:4444/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
    const code = await obtainCode(h, { clientId, redirectUri: 'http://127.0.0.1:4444/callback' });
    expect(h.lastInteraction?.client).toEqual({
      clientId,
      clientName: 'Local CIMD client',
      redirectUri: 'http://127.0.0.1:4444/callback',
      isCimd: true,
    });
    expect(h.lastInteraction?.resource).toBe(MCP_RESOURCE);
    const tokens = await redeem(h, clientId, code, 'http://127.0.0.1:4444/callback');
    expect(tokens.status, tokens.text).toBe(200);
    expect(typeof tokens.json['refresh_token']).toBe('string');
  });
});
