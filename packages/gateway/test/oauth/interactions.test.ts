import { describe, expect, it } from 'vitest';
import { configFromText } from '../../src/config/index.ts';
import { ACCOUNT, MCP_RESOURCE, pkce } from './support/harness.ts';
import { authorize, obtainCode, REDIRECT_URI, registerClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

const as = useAs();

describe('interaction API for our pages', () => {
  it('describes login, then consent, with the client, scopes and resource', async () => {
    const h = as();
    const clientId = await registerClient(h);
    await obtainCode(h, { clientId });
    expect(h.interactions.map((i) => ({ prompt: i.prompt, accountId: i.accountId }))).toEqual([
      { prompt: 'login', accountId: undefined },
      { prompt: 'consent', accountId: ACCOUNT },
    ]);
    expect(h.lastInteraction).toMatchObject({
      client: { clientId, clientName: 'Test MCP client', redirectUri: REDIRECT_URI, isCimd: false },
      scopes: ['mcp'], // pitfall 1: no scope asked → the resource scope
      resource: MCP_RESOURCE,
    });
  });

  it('denyResult sends access_denied back to the client with state and iss', async () => {
    const h = as();
    const clientId = await registerClient(h);
    h.consent = 'deny';
    const outcome = await authorize(h, {
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      state: 'deny-me',
      resource: MCP_RESOURCE,
    });
    const params = outcome.location?.searchParams;
    expect(params?.get('error')).toBe('access_denied');
    expect(params?.get('state')).toBe('deny-me');
    expect(params?.get('iss')).toBe(h.issuer);
    expect(params?.get('code')).toBeNull();
  });

  it('reads resources per request: a route added on reload becomes a valid resource', async () => {
    const h = as();
    const clientId = await registerClient(h);
    const added = 'http://late.localhost:8787/mcp';
    const params = {
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      resource: added,
    };
    expect((await authorize(h, params)).location?.searchParams.get('error')).toBe('invalid_target');
    const text = `authenticate_service_url: ${h.issuer}\ndata_dir: /tmp\nroutes:\n  - from: http://late.localhost:8787\n    to: http://127.0.0.1:9\n    mcp: { server: {} }\n`;
    h.setConfig(configFromText(text, '/tmp/gatehouse.yaml'));
    expect((await authorize(h, params)).location?.searchParams.get('code')).toBeTruthy();
  });
});
