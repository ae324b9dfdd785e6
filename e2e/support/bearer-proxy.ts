import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Running } from './servers.ts';

/**
 * A loopback hop that adds `Authorization: Bearer <token>` to every request and forwards it,
 * streaming both ways, to a gateway route. It exists because the conformance suite's `server`
 * mode cannot send a token. A request addressed to this hop (`Host: 127.0.0.1:<port>`) is sent
 * with the route's Host; any other Host (the suite's DNS-rebinding probe) is forwarded as is,
 * so the gateway sees exactly what a rebinding browser would send it.
 */
export async function startBearerProxy(options: {
  gatewayPort: number;
  routeHost: string;
  token: string;
}): Promise<Running> {
  let self = '';
  const server = createServer((req, res) => {
    const headers = { ...req.headers, authorization: `Bearer ${options.token}` };
    if (req.headers.host === self) headers.host = options.routeHost;
    const upstream = request(
      { host: '127.0.0.1', port: options.gatewayPort, method: req.method, path: req.url, headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${self}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
