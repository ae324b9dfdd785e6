import { launchBrowser, type Browser } from '@gatehouse/testing/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startDocumentServer,
  type DocumentServer,
  clientKey,
  forgedAssertion,
  signAssertion,
} from '@gatehouse/testing';
import { type TestGateway, addAccount, PASSWORD } from '@gatehouse/testing/gateway';
import {
  authorizationRequest,
  codeFrom,
  discover,
  redeemCode,
  refreshBeforeExpiry,
  tokenRequest,
  tokenSet,
  type ClientAuth,
  type Discovery,
  type TokenSet,
} from './support/host-oauth.ts';
import {
  approveInChromium,
  echoThroughHost,
  serveChatGptDocument,
} from './support/host-session.ts';
import { startRedirectTarget } from './support/mcp-chromium.ts';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { startTemplate, type Running } from './support/servers.ts';
import { startTunnelSystem, type TunnelSystem } from './support/tunnel-system.ts';

// Issue 13: a client that connects the way ChatGPT does. Its CIMD document (served over local
// HTTPS with a test CA, never chatgpt.com) says private_key_jwt with RS256 and a jwks_uri; it
// probes the path-suffixed PRM first and OpenID discovery too, signs in and consents in
// Chromium, authenticates at the token endpoint with RFC 7523 assertions and refreshes before
// the access token expires. Against a configured route and through a real `ssh -R 0` tunnel.

const ADA = 'ada@example.com';
const CIMD_YAML = 'oauth:\n  client_id_metadata_documents: { allow_localhost: true }\n';
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
  readonly auth: ClientAuth & { method: 'private_key_jwt' };
  readonly tokens: TokenSet;
  readonly consent: string;
}

/** Discovery, CIMD, Chromium sign-in and consent, code redeemed with an assertion. */
async function connectLikeChatGpt(mcpUrl: string, id: string): Promise<Connected> {
  const target = await startRedirectTarget();
  const chatgpt = await serveChatGptDocument(docs, target.url, id);
  const d = await discover(mcpUrl);
  const request = authorizationRequest(d, chatgpt.clientId, target.url);
  const page = await browser.context.newPage();
  try {
    const consent = await approveInChromium(page, request.url, { email: ADA, password: PASSWORD });
    const code = codeFrom(await target.received, request, d);
    const auth = {
      method: 'private_key_jwt',
      clientId: chatgpt.clientId,
      key: chatgpt.key,
    } as const;
    const tokens = tokenSet(await redeemCode(d, auth, request, code));
    return { d, auth, tokens, consent };
  } finally {
    await page.close();
    await target.close();
  }
}

/** What ChatGPT checks before it starts, and the order it asks in. */
function expectChatGptDiscovery(d: Discovery, mcpUrl: string): void {
  const prm = `${new URL(mcpUrl).origin}/.well-known/oauth-protected-resource/mcp`;
  expect(d.challengedMetadataUrl).toBe(prm);
  expect(d.probes[0]).toEqual({ url: prm, status: 200 });
  expect(d.resource).toBe(mcpUrl);
  expect(d.probes).toContainEqual({
    url: `${d.issuer}/.well-known/openid-configuration`,
    status: 200,
  });
  expect(d.openid?.['token_endpoint']).toBe(d.as['token_endpoint']);
  expect(d.as).toMatchObject({
    client_id_metadata_document_supported: true,
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
  });
  expect(d.as['token_endpoint_auth_methods_supported']).toEqual(
    expect.arrayContaining(['none', 'private_key_jwt']),
  );
  expect(d.as['token_endpoint_auth_signing_alg_values_supported']).toContain('RS256');
}

async function expectEchoAndWidget(mcpUrl: string, accessToken: string): Promise<void> {
  const outcome = await echoThroughHost(mcpUrl, accessToken, MESSAGE);
  expect(outcome.echoed).toContain(MESSAGE);
  expect(outcome.widgetMimeType).toBe('text/html;profile=mcp-app');
  expect(outcome.widgetHtml).toMatch(/<html/i);
}

describe('a ChatGPT-shaped client against a configured route', () => {
  let gw: TestGateway;
  let mcpUrl: string;
  beforeAll(async () => {
    gw = await startMcpGateway(
      `${CIMD_YAML}routes:
  - from: http://app.localhost:{{port}}
    to: ${new URL(template.url).origin}
    mcp: { server: {} }
    allowed_users: [${ADA}]
`,
      { cimdCa: docs.ca },
    );
    await addAccount(gw.gateway.store, ADA);
    mcpUrl = `${gw.origin('app')}/mcp`;
  });
  afterAll(async () => {
    await gw?.close();
  });

  let connected: Connected;
  it('discovers, signs in with private_key_jwt, calls echo, reads ui://echo, refreshes before expiry', async () => {
    connected = await connectLikeChatGpt(mcpUrl, 'route');
    expectChatGptDiscovery(connected.d, mcpUrl);
    expect(connected.consent).toContain('ChatGPT');
    expect(connected.tokens.tokenType).toMatch(/^(Bearer|DPoP)$/);
    await expectEchoAndWidget(mcpUrl, connected.tokens.accessToken);
    const refreshed = tokenSet(
      await refreshBeforeExpiry(connected.d, connected.auth, connected.tokens),
    );
    expect(refreshed.refreshToken).not.toBe(connected.tokens.refreshToken);
    await expectEchoAndWidget(mcpUrl, refreshed.accessToken);
    connected = { ...connected, tokens: refreshed };
  }, 120_000);

  it('bad client assertions get invalid_client with a JSON body, and the refresh token survives', async () => {
    const { d, auth } = connected;
    const aud = d.as['token_endpoint'] as string;
    const claims = { clientId: auth.clientId, aud };
    const used = await signAssertion(auth.key, claims);
    const refresh = (assertion: string) =>
      tokenRequest(
        d,
        auth,
        { grant_type: 'refresh_token', refresh_token: connected.tokens.refreshToken },
        assertion,
      );
    // The first use of `used` is the good refresh at the end; replay it afterwards.
    const stranger = await clientKey('RS256');
    const bad = {
      'wrong aud': await signAssertion(auth.key, { ...claims, aud: `${d.issuer}/oauth/authorize` }),
      'alg none': await forgedAssertion('none', claims),
      HS256: await forgedAssertion('HS256', claims),
      expired: await signAssertion(auth.key, { ...claims, expiresIn: -120 }),
      'key not in the JWKS': await signAssertion(stranger, claims),
    };
    for (const [name, assertion] of Object.entries(bad)) {
      const reply = await refresh(assertion);
      expect(reply.status, name).toBe(401);
      expect(reply.json['error'], name).toBe('invalid_client');
    }
    const good = await refresh(used);
    expect(good.status, JSON.stringify(good.json)).toBe(200);
    const replay = await tokenRequest(
      d,
      auth,
      { grant_type: 'refresh_token', refresh_token: good.json['refresh_token'] as string },
      used,
    );
    expect(replay.status, 'reused jti').toBe(401);
    expect(replay.json['error']).toBe('invalid_client');
    // The operator sees why, without the assertion itself.
    const warnings = gw.logger.lines.filter((l) => l.msg === 'client authentication failed');
    expect(warnings.map((l) => l.obj['reason'])).toContain(
      'client assertion tokens must only be used once',
    );
    expect(warnings.every((l) => l.obj['clientId'] === auth.clientId)).toBe(true);
    expect(JSON.stringify(gw.logger.lines)).not.toContain(used);
  }, 60_000);

  it('a client whose jwks_uri cannot be fetched gets invalid_client, and the log says why', async () => {
    const target = await startRedirectTarget();
    const broken = await serveChatGptDocument(docs, target.url, 'broken-keys');
    await target.close();
    docs.serve('/oauth/broken-keys/jwks.json', 'gone', { status: 404 });
    const { d } = connected;
    const auth = { method: 'private_key_jwt', clientId: broken.clientId, key: broken.key } as const;
    const reply = await tokenRequest(d, auth, {
      grant_type: 'refresh_token',
      refresh_token: connected.tokens.refreshToken,
    });
    expect(reply.status).toBe(401);
    expect(reply.json['error']).toBe('invalid_client');
    const line = gw.logger.lines.find(
      (l) => l.msg === 'client authentication failed' && l.obj['clientId'] === broken.clientId,
    );
    expect(line?.obj['reason']).toContain('client JSON Web Key Set failed to be refreshed');
  }, 60_000);
});

describe('a ChatGPT-shaped client through a real ssh -R 0 tunnel', () => {
  let t: TunnelSystem;
  beforeAll(async () => {
    t = await startTunnelSystem({ yaml: CIMD_YAML, cimdCa: docs.ca });
  });
  afterAll(async () => {
    await t?.killSsh();
    await t?.close();
  });

  it('connects to the tunnel URL the same way and reaches the local template', async () => {
    const local = new URL(template.url).host;
    const signedIn = await t.signedInBrowser(ADA);
    await t.signIn(t.key('ada'), signedIn, ['-R', '0', '127.0.0.1', '--', '--to', local]);
    await t.waitLive(ADA, 'mcp', 30_000, local);
    const mcpUrl = `${await t.remoteUrl(ADA)}/mcp`;
    const connected = await connectLikeChatGpt(mcpUrl, 'tunnel');
    expectChatGptDiscovery(connected.d, mcpUrl);
    await expectEchoAndWidget(mcpUrl, connected.tokens.accessToken);
    const refreshed = tokenSet(
      await refreshBeforeExpiry(connected.d, connected.auth, connected.tokens),
    );
    await expectEchoAndWidget(mcpUrl, refreshed.accessToken);
  }, 180_000);
});
