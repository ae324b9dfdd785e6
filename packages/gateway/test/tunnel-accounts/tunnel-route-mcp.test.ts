import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Client,
  answer,
  liveMcpTunnel,
  signInOwner,
  sshKey,
  startTunnelGateway,
  type TunnelGateway,
  accessTokenFor,
  authorize,
  registerClient,
} from '@gatehouse/testing/gateway';
import { fakeTunnelStatus, startLocalServer } from './support/local-server.ts';
import { ROUTE_CACHE_MS } from '../../src/tunnel-accounts/routes.ts';

let t: TunnelGateway;
let local: Awaited<ReturnType<typeof startLocalServer>>;
let status: ReturnType<typeof fakeTunnelStatus>;
beforeEach(async () => {
  local = await startLocalServer();
  status = fakeTunnelStatus();
  t = await startTunnelGateway({ tunnelUpstream: local.upstream, tunnelStatus: status });
});
afterEach(async () => {
  await t.close();
  await local.close();
});

function mcpCall(url: string, token: string, browser: Client) {
  return browser.request(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo' } }),
  });
}

describe('a tunnel route is an OAuth-protected MCP route of its owner', () => {
  it('serves the owner through the tunnel upstream, denies others until shared, 503 when offline', async () => {
    const ada = await t.signedInBrowser('ada@example.com');
    const identity = await signInOwner(t, ada);
    const origin = t.gateway.tunnelAccounts.publicUrl(identity, 'mcp');
    expect(origin).toBe(`http://mcp.${identity.namespace}.localhost:${t.port}`);
    const resource = `${origin}/mcp`;
    status.live.push(liveMcpTunnel(identity, t.clock.now()));

    // Protected-resource metadata names the tunnel URL as the resource.
    const prm = await ada.request(`${origin}/.well-known/oauth-protected-resource/mcp`);
    expect(prm.status).toBe(200);
    expect(JSON.parse(prm.body)).toMatchObject({ resource, authorization_servers: [t.authUrl] });
    // Without a token: the OAuth challenge, and the local server is not contacted.
    const anonymous = await ada.request(resource, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(local.seen).toHaveLength(0);

    const adaToken = await accessTokenFor(ada, t.authUrl, resource);
    const ok = await mcpCall(resource, adaToken, ada);
    expect(ok.status, ok.body).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ jsonrpc: '2.0', id: 7, result: { echoed: true } });
    expect(local.targets.at(-1)?.url.href).toBe(`tunnel://mcp.${identity.namespace}`);
    expect(local.targets.at(-1)?.routeId).toBe(`mcp.${identity.namespace}`);
    const seen = local.seen.at(-1);
    expect(seen?.url).toBe('/mcp');
    expect(seen?.headers.host).toBe('localhost:8080');
    expect(seen?.headers.authorization).toBeUndefined();
    expect(seen?.headers['x-gatehouse-jwt-assertion']).toBeDefined();

    // Another user is refused at authorization already: the route can never let them in, so
    // no token is issued (a page says why instead of a consent page).
    const bob = await t.signedInBrowser('bob@example.com');
    const clientId = await registerClient(bob, t.authUrl);
    const refused = await authorize(bob, t.authUrl, clientId, resource);
    expect(refused.code).toBeUndefined();
    expect(refused.reply.status).toBe(403);
    expect(refused.reply.body).toContain('bob@example.com may not use');
    expect(refused.reply.body).toContain('share add bob@example.com');

    await t.gateway.tunnelAccounts.share(identity, 'mcp', 'Bob@Example.com');
    expect(await t.gateway.tunnelAccounts.shares(identity)).toEqual([
      { route: 'mcp', email: 'bob@example.com' },
    ]);
    t.clock.advance(ROUTE_CACHE_MS + 1); // the refusal above cached the route without the share
    const bobToken = await accessTokenFor(bob, t.authUrl, resource);
    const shared = await mcpCall(resource, bobToken, bob);
    expect(JSON.parse(shared.body)).toMatchObject({ result: { echoed: true } });
    // A share of another route does not open this one.
    await t.gateway.tunnelAccounts.unshare(identity, 'mcp', 'bob@example.com');
    await t.gateway.tunnelAccounts.share(identity, 'echo', 'bob@example.com');
    const unshared = await mcpCall(resource, bobToken, bob);
    expect(JSON.parse(unshared.body)).toMatchObject({ error: { code: -32602 } });
    // A share written by another gateway node applies once the short route cache expires.
    await t.gateway.store.tunnels.addShare(identity.namespace, 'mcp', 'bob@example.com', 0);
    t.clock.advance(ROUTE_CACHE_MS + 1);
    expect(JSON.parse((await mcpCall(resource, bobToken, bob)).body)).toMatchObject({
      result: { echoed: true },
    });

    // No live tunnel: 503 with a JSON-RPC error, at once.
    await local.disconnect();
    const offline = await mcpCall(resource, adaToken, ada);
    expect(offline.status).toBe(503);
    expect(JSON.parse(offline.body)).toMatchObject({
      jsonrpc: '2.0',
      error: { code: -32000, message: expect.stringContaining('Tunnel offline') as unknown },
    });
    expect((JSON.parse(offline.body) as { error: { message: string } }).error.message).toContain(
      'Start one with ssh -R 0 -p 2222 localhost (',
    );
    // Defect 6: the 503 carries the same CORS headers as a success, so a browser host reads it.
    const fromBrowser = await ada.request(resource, {
      method: 'POST',
      headers: {
        origin: 'http://127.0.0.1:5173',
        authorization: `Bearer ${adaToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/list' }),
    });
    expect(fromBrowser.status).toBe(503);
    expect(fromBrowser.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    expect(fromBrowser.headers['access-control-expose-headers']).toContain('WWW-Authenticate');
  });

  it('answers 404 for a namespace nobody owns, and the authorization server refuses it as a resource', async () => {
    const ada = await t.signedInBrowser('ada@example.com');
    const identity = await signInOwner(t, ada);
    const nobody = identity.namespace === 'brave-otter-000' ? 'brave-otter-001' : 'brave-otter-000';
    const unknown = `http://mcp.${nobody}.localhost:${t.port}`;
    const reply = await ada.request(`${unknown}/mcp`, { method: 'POST', body: '{}' });
    expect(reply.status).toBe(404);
    const clientId = await registerClient(ada, t.authUrl);
    const refused = await authorize(ada, t.authUrl, clientId, `${unknown}/mcp`);
    expect(refused.error).toBe('invalid_target');
    // Any route name of an existing namespace is a valid resource (it may come online later).
    const later = await authorize(
      ada,
      t.authUrl,
      clientId,
      `${t.gateway.tunnelAccounts.publicUrl(identity, 'later')}/mcp`,
    );
    expect(later.code).toBeDefined();
  });

  it('refuses share input that is not a route name or an e-mail address', async () => {
    const identity = await signInOwner(t, await t.signedInBrowser('ada@example.com'));
    const accounts = t.gateway.tunnelAccounts;
    await expect(
      accounts.share(identity, 'no_underscores', 'bob@example.com'),
    ).rejects.toMatchObject({
      code: 'ERR_TUNNEL_INVALID_ROUTE',
    });
    await expect(accounts.share(identity, 'mcp', 'not an email')).rejects.toMatchObject({
      code: 'ERR_TUNNEL_INVALID_EMAIL',
    });
    await expect(
      accounts.share({ ...identity, userId: 'someone-else' }, 'mcp', 'bob@example.com'),
    ).rejects.toMatchObject({ code: 'ERR_TUNNEL_NOT_OWNER' });
    expect(await accounts.shares(identity)).toEqual([]);
  });
});

describe('a gateway without a tunnel server', () => {
  it('answers 503 for tunnel routes instead of dialling them', async () => {
    const bare = await startTunnelGateway();
    try {
      const ada = await bare.signedInBrowser('ada@example.com');
      const pending = await bare.gateway.tunnelAccounts.begin(sshKey());
      await answer(ada, pending.verifyUrl, 'authorize');
      const outcome = await pending.outcome;
      if (!outcome.approved) throw new Error('expected approval');
      const resource = `${bare.gateway.tunnelAccounts.publicUrl(outcome.identity, 'mcp')}/mcp`;
      const token = await accessTokenFor(ada, bare.authUrl, resource);
      const reply = await mcpCall(resource, token, ada);
      expect(reply.status).toBe(503);
    } finally {
      await bare.close();
    }
  });
});
