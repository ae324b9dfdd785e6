import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Pool } from 'undici';
import { serveAsChild } from '../lib/serve-child.ts';

// The least a Node reverse proxy can do per GET, as the floor the gateway-workers benchmark
// measures Gatehouse against: a node:http server and undici's Pool (the client Gatehouse uses,
// ADR 0014) to the bench upstream, no routing, no session, no policy, no headers added, no log.
// Whatever this costs per request, no proxy on Node's HTTP stack costs less. Run as its own
// process (`UPSTREAM_PORT` set); undici is the gateway package's dependency, loaded from there
// so the bench declares no second copy.

const gatewayPackage = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'packages',
  'gateway',
  'package.json',
);

function handle(pool: Pool, upstreamHost: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    pool
      .request({ path: req.url ?? '/', method: 'GET', headers: { host: upstreamHost } })
      .then(async ({ statusCode, headers, body }) => {
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(chunk as Buffer);
        const payload = Buffer.concat(chunks);
        const type = headers['content-type'];
        res.writeHead(statusCode, {
          ...(typeof type === 'string' && { 'content-type': type }),
          'content-length': payload.length,
        });
        res.end(payload);
      })
      .catch(() => {
        res.writeHead(502, { 'content-length': 0 });
        res.end();
      });
  };
}

if (process.argv[1] === import.meta.filename) {
  const undici = createRequire(gatewayPackage)('undici') as { Pool: typeof Pool };
  const upstreamPort = Number(process.env['UPSTREAM_PORT']);
  const upstreamHost = `127.0.0.1:${upstreamPort}`;
  // The same pool size as nginx's `keepalive 64` in this benchmark.
  const pool = new undici.Pool(`http://${upstreamHost}`, { connections: 64 });
  const server = createServer(handle(pool, upstreamHost));
  server.keepAliveTimeout = 65_000;
  serveAsChild(server, { backlog: 4096, onClosed: () => pool.close() });
}
