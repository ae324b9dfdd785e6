import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client as BrowserLike,
  type TestGateway,
  addAccount,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { freePort } from '@gatehouse/testing';
import { runAuthorizationConformance } from './support/mcp-conformance.ts';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { authorizeInBrowser, localFetch } from './support/mcp-oauth.ts';
import { startTemplate, type Running } from './support/servers.ts';

// The official MCP conformance suite's `authorization` scenarios against our AS. The suite
// resolves the issuer itself, so the authenticate service lives on `localhost` here.
let template: Running;
let gw: TestGateway;

beforeAll(async () => {
  template = await startTemplate();
  gw = await startMcpGateway(
    `
routes:
  - from: http://app.localhost:{{port}}
    to: ${new URL(template.url).origin}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`,
    { authUrl: 'http://localhost:{{port}}' },
  );
  await addAccount(gw.gateway.store, 'ada@example.com');
});

afterAll(async () => {
  await gw?.close();
  await template?.close();
});

describe('@modelcontextprotocol/conformance authorization', () => {
  it('passes every authorization-server scenario (metadata, authorization code grant)', async () => {
    const callbackPort = await freePort();
    const redirectUri = `http://127.0.0.1:${callbackPort}/callback`;
    const metadata = (await (
      await localFetch(`${gw.authUrl}/.well-known/oauth-authorization-server`)
    ).json()) as { registration_endpoint: string };
    // The suite needs a client registered for its callback: a public client, as MCP hosts are.
    const registered = await localFetch(metadata.registration_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'MCP conformance suite',
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(registered.status).toBe(201);
    const { client_id: clientId } = (await registered.json()) as { client_id: string };

    const run = await runAuthorizationConformance({
      issuer: gw.authUrl,
      clientId,
      resource: `${gw.origin('app')}/mcp`,
      callbackPort,
      async openInBrowser(url) {
        const callback = await authorizeInBrowser(new BrowserLike(), url, redirectUri, {
          email: 'ada@example.com',
          password: PASSWORD,
        });
        await fetch(callback); // the suite's own callback listener on 127.0.0.1
      },
    });
    expect(run.code, run.output).toBe(0);
    const byId = Object.fromEntries(run.checks.map((c) => [c.id, c.status]));
    expect(byId).toEqual({
      'authorization-server-metadata': 'SUCCESS',
      'authorization-server-metadata-cimd': 'SUCCESS',
      'authorization-code-grant': 'SUCCESS',
    });
  });
});
