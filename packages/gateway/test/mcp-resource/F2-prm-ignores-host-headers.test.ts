import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  matchPrmRequest,
  mcpCorsHeaders,
  prmResponse,
  protectedResourceMetadata,
  unauthorizedResponse,
} from '../../src/mcp/resource/index.ts';
import { bearerParams } from '@gatehouse/testing';
import { ISSUER, ROUTE_A } from './support.ts';

// Research gateways.md §5 F2/F4: metadata and challenges use the configured canonical origin;
// Host and X-Forwarded-* never reach them. The builders take config only; this serves them the
// way the edge does and sends forged headers over a real connection.
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serveRouteA(): Promise<number> {
  const server = createServer((req, res) => {
    const origin = req.headers.origin;
    const answer = matchPrmRequest(req.url ?? '/', ROUTE_A)
      ? prmResponse(ROUTE_A, ISSUER, mcpCorsHeaders(origin))
      : unauthorizedResponse(ROUTE_A, 'missing', origin);
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

function get(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject).end();
    },
  );
}

const FORGED = {
  host: 'evil.example',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'http',
  forwarded: 'host=evil.example;proto=http',
};

describe('F2: PRM and challenge ignore Host and X-Forwarded-*', () => {
  it('serves the configured resource and issuer whatever the request headers say', async () => {
    const port = await serveRouteA();
    for (const path of [
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ]) {
      const res = await get(port, path, FORGED);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual(protectedResourceMetadata(ROUTE_A, ISSUER));
      expect(res.body).not.toContain('evil');
      expect(JSON.parse(res.body)).toMatchObject({
        resource: 'https://a.example.test/mcp',
        authorization_servers: [ISSUER],
      });
    }
  });

  it('points the 401 at the configured origin whatever the request headers say', async () => {
    const port = await serveRouteA();
    const res = await get(port, '/mcp', FORGED);
    expect(res.status).toBe(401);
    expect(bearerParams(String(res.headers['www-authenticate']))?.['resource_metadata']).toBe(
      'https://a.example.test/.well-known/oauth-protected-resource/mcp',
    );
  });
});
