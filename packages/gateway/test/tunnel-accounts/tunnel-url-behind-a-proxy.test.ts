import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatehouseError } from '@gatehouse/core';
import { configFromText } from '../../src/config/index.ts';
import {
  liveMcpTunnel,
  signInOwner,
  startTunnelGateway,
  type TunnelGateway,
  accessTokenFor,
} from '@gatehouse/testing/gateway';
import { fakeTunnelStatus, startLocalServer } from './support/local-server.ts';

// In production a TLS proxy (or load balancer) often sits in front of a plain-HTTP edge, and one
// wildcard certificate covers one DNS label. `tunnel_url` names the public form of tunnel URLs:
// here https, no port, `<route>--<namespace>` under one domain. The URLs users get, the OAuth
// resource and the Host the edge routes on must all follow it.

const TEMPLATE = 'https://{route}--{namespace}.tunnels.example.com';

let t: TunnelGateway;
let local: Awaited<ReturnType<typeof startLocalServer>>;
let status: ReturnType<typeof fakeTunnelStatus>;
beforeEach(async () => {
  local = await startLocalServer();
  status = fakeTunnelStatus();
  t = await startTunnelGateway({
    tunnelUpstream: local.upstream,
    tunnelStatus: status,
    config: `tunnel_url: ${TEMPLATE}\n`,
  });
});
afterEach(async () => {
  await t.close();
  await local.close();
});

/** What the TLS proxy forwards: plain HTTP to the edge, the public Host kept. */
function viaProxy(
  publicUrl: string,
  token: string,
): Promise<{ status: number; body: string; challenge: string | undefined }> {
  const url = new URL(publicUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: t.port,
        method: 'POST',
        path: url.pathname,
        headers: {
          host: url.host,
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            challenge: res.headers['www-authenticate'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'x' } }));
  });
}

describe('tunnel_url: tunnel URLs as the public sees them', () => {
  it('URLs, the OAuth resource and Host routing follow the template; the old form is not a route', async () => {
    const ada = await t.signedInBrowser('ada@example.com');
    const identity = await signInOwner(t, ada);
    const origin = t.gateway.tunnelAccounts.publicUrl(identity, 'mcp');
    expect(origin).toBe(`https://mcp--${identity.namespace}.tunnels.example.com`);
    status.live.push(liveMcpTunnel(identity, t.clock.now()));

    const resource = `${origin}/mcp`;
    const token = await accessTokenFor(ada, t.authUrl, resource);
    const ok = await viaProxy(resource, token);
    expect(ok.status, ok.body).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ result: { echoed: true } });
    expect(local.targets.at(-1)?.routeId).toBe(`mcp.${identity.namespace}`);

    // Without a valid token the challenge points at the public https metadata URL.
    const anonymous = await viaProxy(resource, 'not-a-token');
    expect(anonymous.status).toBe(401);
    expect(anonymous.challenge).toContain(
      `resource_metadata="https://mcp--${identity.namespace}.tunnels.example.com/.well-known/oauth-protected-resource/mcp"`,
    );

    // The default form is not a tunnel host any more.
    const before = local.seen.length;
    const dotted = await viaProxy(
      `http://mcp.${identity.namespace}.localhost:${t.port}/mcp`,
      token,
    );
    expect(dotted.status).toBe(404);
    expect(local.seen).toHaveLength(before);
  });

  it('a template without both placeholders in the host, with a path, or not http(s) is refused', () => {
    const problems: [string, RegExp][] = [
      ['https://{route}.tunnels.example.com', /\{namespace\} exactly once/],
      ['https://{route}.{namespace}.example.com/base', /without a path/],
      ['ftp://{route}.{namespace}.example.com', /http:\/\/ or https:\/\//],
      ['https://example.com/{route}/{namespace}', /without a path|in the host name/],
    ];
    for (const [template, message] of problems) {
      let error: unknown;
      try {
        configFromText(`tunnel_url: ${template}\n`, '/tmp/gatehouse.yaml');
      } catch (caught) {
        error = caught;
      }
      expect(error, template).toBeInstanceOf(GatehouseError);
      expect((error as Error).message, template).toMatch(/tunnel_url/);
      expect((error as Error).message, template).toMatch(message);
    }
  });
});
