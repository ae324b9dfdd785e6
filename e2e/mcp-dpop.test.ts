import {
  Client as McpClient,
  DpopSession,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestGateway,
  addAccount,
  PASSWORD,
  Client as BrowserLike,
} from '@gatehouse/testing/gateway';
import { challengeParams } from '@gatehouse/testing';
import {
  dpopFetch,
  dpopKey,
  dpopProof,
  obtainTokens,
  type DpopKey,
  type IssuedTokens,
  type ProofClaims,
} from './support/dpop-client.ts';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { connectWithOAuth, localFetch, MemoryOAuthProvider } from './support/mcp-oauth.ts';

/** The SDK's OAuth client with DPoP turned on (`provider.dpop()`, SEP-1932). */
class DpopOAuthProvider extends MemoryOAuthProvider {
  readonly session = DpopSession.create();
  dpop() {
    return this.session;
  }
}
import { startToolbox, type Running } from './support/servers.ts';

// RFC 9449 at MCP routes, against our own authorization server: a DPoP client gets a bound token
// with a real proof and uses it; every way of presenting it without its proof is refused.
let upstream: Running;
let gw: TestGateway;
let mcpUrl: string;
let key: DpopKey;
let bound: IssuedTokens;
const credentials = { email: 'ada@example.com', password: PASSWORD };

beforeAll(async () => {
  upstream = await startToolbox();
  const to = new URL(upstream.url).origin;
  // `secure` is the route as a TLS-terminating proxy in front publishes it: https, while the
  // edge itself is reached over plain HTTP. Its proofs must name the public https URL.
  gw = await startMcpGateway(`
routes:
  - from: http://tools.localhost:{{port}}
    to: ${to}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
  - from: https://secure.localhost:{{port}}
    to: ${to}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
  mcpUrl = `${gw.origin('tools')}/mcp`;
  key = await dpopKey();
  bound = await obtainTokens({ authUrl: gw.authUrl, resource: mcpUrl, credentials, key });
}, 120_000);

afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'dpop-e2e', version: '1.0.0' },
  },
});

/** One MCP POST with the given Authorization and DPoP headers (through the edge host). */
async function post(url: string, authorization: string, proof?: string) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization,
  };
  if (proof !== undefined) headers['dpop'] = proof;
  const reply = await localFetch(url, { method: 'POST', headers, body: INITIALIZE });
  const body = await reply.text();
  return { status: reply.status, challenge: reply.headers.get('www-authenticate') ?? '', body };
}

const proofFor = (url: string, token: string, extra: Partial<ProofClaims> = {}) =>
  dpopProof(key, { htm: 'POST', htu: url, token, ...extra });

describe('DPoP at MCP routes (RFC 9449)', () => {
  it('a DPoP client gets a bound token from our AS and lists and calls tools with proofs', async () => {
    expect(bound.token_type).toBe('DPoP');
    expect(decodeJwt(bound.access_token)['cnf']).toEqual({ jkt: key.jkt });
    const client = new McpClient({ name: 'dpop-e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(mcpUrl), {
        fetch: dpopFetch(key, bound.access_token),
      }),
    );
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('echo');
    const result = await client.callTool({
      name: 'echo',
      arguments: { message: 'today is a great day' },
    });
    expect(JSON.stringify(result.content)).toContain('today is a great day');
    await client.close();
  });

  it('the MCP SDK client with DPoP on completes OAuth with our AS and calls tools with proofs', async () => {
    const provider = new DpopOAuthProvider();
    const { client } = await connectWithOAuth({
      mcpUrl,
      provider,
      browser: new BrowserLike(),
      credentials,
    });
    const tokens = provider.tokens();
    expect(tokens?.token_type).toBe('DPoP');
    expect(decodeJwt(tokens?.access_token ?? '')['cnf']).toEqual({
      jkt: (await provider.session).thumbprint,
    });
    const result = await client.callTool({
      name: 'echo',
      arguments: { message: 'today is a great day' },
    });
    expect(JSON.stringify(result.content)).toContain('today is a great day');
    await client.close();
    // The SDK presented it as DPoP: the same token as Bearer is refused.
    expect((await post(mcpUrl, `Bearer ${tokens?.access_token ?? ''}`)).status).toBe(401);
  }, 60_000);

  it('dpop-bound-token-as-bearer: the bound token sent as Bearer is refused with both challenges', async () => {
    const reply = await post(mcpUrl, `Bearer ${bound.access_token}`);
    expect(reply.status).toBe(401);
    const challenges = challengeParams(reply.challenge);
    expect(challenges?.['Bearer']).toMatchObject({
      error: 'invalid_token',
      resource_metadata: `${gw.origin('tools')}/.well-known/oauth-protected-resource/mcp`,
    });
    expect(challenges?.['DPoP']?.['algs']?.split(' ')).toContain('ES256');
    expect(challenges?.['DPoP']?.['resource_metadata']).toBe(
      `${gw.origin('tools')}/.well-known/oauth-protected-resource/mcp`,
    );
  });

  it('dpop-proof-replay: a proof is accepted once; the same proof again is refused', async () => {
    const proof = await proofFor(mcpUrl, bound.access_token);
    expect((await post(mcpUrl, `DPoP ${bound.access_token}`, proof)).status).toBe(200);
    const replayed = await post(mcpUrl, `DPoP ${bound.access_token}`, proof);
    expect(replayed.status).toBe(401);
    expect(challengeParams(replayed.challenge)?.['DPoP']).toMatchObject({
      error: 'invalid_dpop_proof',
    });
    expect(JSON.parse(replayed.body)).toMatchObject({ error: 'invalid_dpop_proof' });
    expect(gw.logger.lines.some((l) => JSON.stringify(l.obj).includes('dpop-replayed'))).toBe(true);
  });

  it('dpop-proof-mismatch: wrong htu, htm, ath, key, age, a private jwk or no proof are each refused', async () => {
    const token = bound.access_token;
    const otherKey = await dpopKey();
    const privateJwk = { ...key.jwk, d: 'AAAA' };
    const cases: Array<[string, string | undefined]> = [
      ['htu of another path', await proofFor(`${gw.origin('tools')}/other`, token)],
      ['htu of another host', await proofFor(`${gw.origin('secure')}/mcp`, token)],
      ['htu with https', await proofFor(mcpUrl.replace('http:', 'https:'), token)],
      ['htm GET for a POST', await dpopProof(key, { htm: 'GET', htu: mcpUrl, token })],
      ['ath of another token', await proofFor(mcpUrl, token, { ath: 'x'.repeat(43) })],
      ['no ath', await dpopProof(key, { htm: 'POST', htu: mcpUrl })],
      ['another key', await dpopProof(otherKey, { htm: 'POST', htu: mcpUrl, token })],
      [
        'iat ten minutes ago',
        await proofFor(mcpUrl, token, { iat: Math.floor(Date.now() / 1000) - 600 }),
      ],
      [
        'a private jwk',
        await dpopProof(key, { htm: 'POST', htu: mcpUrl, token }, { jwk: privateJwk }),
      ],
      ['typ JWT', await dpopProof(key, { htm: 'POST', htu: mcpUrl, token }, { typ: 'JWT' })],
      ['not a JWT', 'not-a-jwt'],
      ['no proof', undefined],
    ];
    for (const [name, proof] of cases) {
      const reply = await post(mcpUrl, `DPoP ${token}`, proof);
      expect([name, reply.status]).toEqual([name, 401]);
      expect([name, challengeParams(reply.challenge)?.['DPoP']?.['error']]).toEqual([
        name,
        'invalid_dpop_proof',
      ]);
    }
  });

  it('plain Bearer clients keep working, and a Bearer token cannot pose as a DPoP one', async () => {
    const plain = await obtainTokens({ authUrl: gw.authUrl, resource: mcpUrl, credentials });
    expect(plain.token_type).toBe('Bearer');
    expect(decodeJwt(plain.access_token)['cnf']).toBeUndefined();
    expect((await post(mcpUrl, `Bearer ${plain.access_token}`)).status).toBe(200);
    const posing = await post(
      mcpUrl,
      `DPoP ${plain.access_token}`,
      await proofFor(mcpUrl, plain.access_token),
    );
    expect(posing.status).toBe(401);
    expect(challengeParams(posing.challenge)?.['DPoP']).toMatchObject({ error: 'invalid_token' });
  }, 60_000);

  it('htu is the public URL from config: a route published as https takes https proofs over a plain-HTTP hop', async () => {
    const secureUrl = `https://secure.localhost:${gw.port}/mcp`;
    const secureKey = await dpopKey('EdDSA');
    const tokens = await obtainTokens({
      authUrl: gw.authUrl,
      resource: secureUrl,
      credentials,
      key: secureKey,
    });
    const hop = `${gw.origin('secure')}/mcp`; // what actually reaches the edge: plain HTTP
    const sign = (htu: string) =>
      dpopProof(secureKey, { htm: 'POST', htu, token: tokens.access_token });
    expect((await post(hop, `DPoP ${tokens.access_token}`, await sign(secureUrl))).status).toBe(
      200,
    );
    expect((await post(hop, `DPoP ${tokens.access_token}`, await sign(hop))).status).toBe(401);
  }, 60_000);

  it('AS and protected-resource metadata advertise the same DPoP algorithms', async () => {
    const as = (await (
      await localFetch(`${gw.authUrl}/.well-known/oauth-authorization-server`)
    ).json()) as { dpop_signing_alg_values_supported: string[] };
    const prm = (await (
      await localFetch(`${gw.origin('tools')}/.well-known/oauth-protected-resource/mcp`)
    ).json()) as {
      dpop_signing_alg_values_supported: string[];
      dpop_bound_access_tokens_required: boolean;
    };
    expect(prm.dpop_signing_alg_values_supported).toEqual(as.dpop_signing_alg_values_supported);
    expect(prm.dpop_signing_alg_values_supported).not.toContain('HS256');
    expect(prm.dpop_bound_access_tokens_required).toBe(false);
  });
});
