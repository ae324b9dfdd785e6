import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDocumentServer, type DocumentServer } from '@gatehouse/testing';
import { type TestGateway, addAccount, PASSWORD } from '@gatehouse/testing/gateway';
import {
  authorizationRequest,
  codeFrom,
  discover,
  redeemCode,
  refreshBeforeExpiry,
  registerClient,
  tokenRequest,
  tokenSet,
  type ClientAuth,
  type Discovery,
  type TokenSet,
} from './support/host-oauth.ts';
import { approveInChromium, echoThroughHost, serveClaudeDocument } from './support/host-session.ts';
import { startRedirectTarget } from './support/mcp-chromium.ts';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { startTemplate, type Running } from './support/servers.ts';
import { startTunnelSystem, type TunnelSystem } from './support/tunnel-system.ts';

// Issue 13: a client that connects the way Claude does. CIMD with a public client when the AS
// supports it (a document shaped like https://claude.ai/oauth/mcp-oauth-client-metadata, served
// by a local test HTTPS host), DCR otherwise; every token-endpoint error must carry a JSON body;
// `invalid_client` makes it register again. Sign-in and consent in Chromium, then echo and the
// `ui://echo` widget, against a configured route and through a real `ssh -R 0` tunnel.

const ADA = 'ada@example.com';
const MESSAGE = 'today is a great day';

let template: Running;
let docs: DocumentServer;
let browser: Browser;

beforeAll(async () => {
  template = await startTemplate();
  docs = await startDocumentServer();
  browser = await launchBrowser(process.env);
});
afterAll(async () => {
  await browser?.close();
  await docs?.close();
  await template?.close();
});

interface Connected {
  readonly d: Discovery;
  readonly auth: ClientAuth;
  readonly tokens: TokenSet;
  readonly registered: boolean;
}

/** CIMD if the AS advertises it, DCR if not; then Chromium and the code exchange. */
async function connectLikeClaude(mcpUrl: string): Promise<Connected> {
  const target = await startRedirectTarget();
  const d = await discover(mcpUrl);
  const cimd = d.as['client_id_metadata_document_supported'] === true;
  const clientId = cimd
    ? serveClaudeDocument(docs, target.url)
    : await registerClient(d, target.url, 'Claude');
  const request = authorizationRequest(d, clientId, target.url);
  const page = await browser.context.newPage();
  try {
    await approveInChromium(page, request.url, { email: ADA, password: PASSWORD });
    const code = codeFrom(await target.received, request, d);
    const auth = { method: 'none', clientId } as const;
    const tokens = tokenSet(await redeemCode(d, auth, request, code));
    return { d, auth, tokens, registered: !cimd };
  } finally {
    await page.close();
    await target.close();
  }
}

async function expectEchoAndWidget(mcpUrl: string, accessToken: string): Promise<void> {
  const outcome = await echoThroughHost(mcpUrl, accessToken, MESSAGE);
  expect(outcome.echoed).toContain(MESSAGE);
  expect(outcome.widgetMimeType).toBe('text/html;profile=mcp-app');
  expect(outcome.widgetHtml).toMatch(/<html/i);
}

function gatewayYaml(cimd: boolean): string {
  return `oauth:
  client_id_metadata_documents: { enabled: ${String(cimd)}, allow_localhost: true }
routes:
  - from: http://app.localhost:{{port}}
    to: ${new URL(template.url).origin}
    mcp: { server: {} }
    allowed_users: [${ADA}]
`;
}

describe('a Claude-shaped client against a configured route with CIMD', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startMcpGateway(gatewayYaml(true), { cimdCa: docs.ca });
    await addAccount(gw.gateway.store, ADA);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('uses its metadata document URL as client_id, calls echo and reads ui://echo', async () => {
    const mcpUrl = `${gw.origin('app')}/mcp`;
    const connected = await connectLikeClaude(mcpUrl);
    expect(connected.registered).toBe(false);
    expect(connected.auth.clientId).toBe(`${docs.origin}/oauth/mcp-oauth-client-metadata`);
    expect(connected.d.as['token_endpoint_auth_methods_supported']).toContain('none');
    await expectEchoAndWidget(mcpUrl, connected.tokens.accessToken);
    const refreshed = tokenSet(
      await refreshBeforeExpiry(connected.d, connected.auth, connected.tokens),
    );
    await expectEchoAndWidget(mcpUrl, refreshed.accessToken);
  }, 120_000);
});

describe('a Claude-shaped client against a configured route without CIMD', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startMcpGateway(gatewayYaml(false), { cimdCa: docs.ca });
    await addAccount(gw.gateway.store, ADA);
  });
  afterAll(async () => {
    await gw?.close();
  });

  let connected: Connected;
  const mcpUrl = () => `${gw.origin('app')}/mcp`;

  it('falls back to DCR, calls echo and reads ui://echo', async () => {
    connected = await connectLikeClaude(mcpUrl());
    expect(connected.d.as['client_id_metadata_document_supported']).not.toBe(true);
    expect(connected.registered).toBe(true);
    await expectEchoAndWidget(mcpUrl(), connected.tokens.accessToken);
  }, 120_000);

  it('gets a JSON body with an error code for every token-endpoint error', async () => {
    const { d, auth } = connected;
    const cases: Record<string, Record<string, string>> = {
      'unknown code': {
        grant_type: 'authorization_code',
        code: 'nope',
        code_verifier: 'x'.repeat(43),
      },
      'unknown refresh token': { grant_type: 'refresh_token', refresh_token: 'nope' },
      'unsupported grant type': { grant_type: 'password', username: 'a', password: 'b' },
      'missing grant type': {},
      'resource of no MCP server': {
        grant_type: 'refresh_token',
        refresh_token: connected.tokens.refreshToken,
        resource: 'https://elsewhere.example/mcp',
      },
    };
    for (const [name, form] of Object.entries(cases)) {
      // tokenRequest throws when the body is not JSON.
      const reply = await tokenRequest(d, auth, form);
      expect(reply.status, name).toBeGreaterThanOrEqual(400);
      expect(typeof reply.json['error'], name).toBe('string');
    }
    const unknownClient = await tokenRequest(
      d,
      { method: 'none', clientId: 'never-registered' },
      { grant_type: 'refresh_token', refresh_token: connected.tokens.refreshToken },
    );
    expect(unknownClient.status).toBe(401);
    expect(unknownClient.json['error']).toBe('invalid_client');
  }, 60_000);

  it('registers again after invalid_client and carries on', async () => {
    // The registration is gone (expired or removed by an operator): refresh says invalid_client.
    await gw.gateway.store.oauth.destroy('Client', connected.auth.clientId);
    const refused = await refreshBeforeExpiry(connected.d, connected.auth, connected.tokens);
    expect(refused.status).toBe(401);
    expect(refused.json['error']).toBe('invalid_client');
    const again = await connectLikeClaude(mcpUrl());
    expect(again.registered).toBe(true);
    expect(again.auth.clientId).not.toBe(connected.auth.clientId);
    await expectEchoAndWidget(mcpUrl(), again.tokens.accessToken);
  }, 120_000);
});

describe('a Claude-shaped client through a real ssh -R 0 tunnel', () => {
  let t: TunnelSystem;
  beforeAll(async () => {
    t = await startTunnelSystem({
      yaml: 'oauth:\n  client_id_metadata_documents: { allow_localhost: true }\n',
      cimdCa: docs.ca,
    });
  });
  afterAll(async () => {
    await t?.killSsh();
    await t?.close();
  });

  it('connects to the tunnel URL with CIMD and reaches the local template', async () => {
    const local = new URL(template.url).host;
    const signedIn = await t.signedInBrowser(ADA);
    await t.signIn(t.key('ada'), signedIn, ['-R', '0', '127.0.0.1', '--', '--to', local]);
    await t.waitLive(ADA, 'mcp', 30_000, local);
    const mcpUrl = `${await t.remoteUrl(ADA)}/mcp`;
    const connected = await connectLikeClaude(mcpUrl);
    expect(connected.registered).toBe(false);
    await expectEchoAndWidget(mcpUrl, connected.tokens.accessToken);
  }, 180_000);
});
