import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createStaticUpstream } from '../../src/proxy/index.ts';
import { caught } from './support/errors.ts';
import { startEdge } from './support/edge.ts';
import { send } from './support/request.ts';
import { closedPort, listen, listenServer, onCleanup } from './support/servers.ts';
import { selfSignedCertificate } from '@gatehouse/testing';

const target = (url: string) => ({ routeId: 'app', url: new URL(url) });

async function httpsUpstream(): Promise<{ url: string; ca: string }> {
  const { cert, key } = selfSignedCertificate();
  const server = createHttpsServer({ cert, key }, (req, res) => res.end(`tls:${req.headers.host}`));
  const { port } = await listenServer(server);
  return { url: `https://localhost:${port}`, ca: cert };
}

describe('createStaticUpstream', () => {
  it('dials TCP for http: with Nagle off', async () => {
    const upstream = await listen(() => {});
    const stream = await createStaticUpstream().connect(target(upstream.url));
    onCleanup(() => {
      stream.destroy();
    });
    expect(stream).toBeInstanceOf(Socket);
    expect(stream).not.toBeInstanceOf(TLSSocket);
  });

  it('maps a refused connection to ERR_UPSTREAM_REFUSED', async () => {
    const port = await closedPort();
    const error = await caught(() =>
      createStaticUpstream().connect(target(`http://127.0.0.1:${port}`)),
    );
    expect(error.code).toBe('ERR_UPSTREAM_REFUSED');
  });

  it('verifies https upstreams against the default CAs (self-signed → ERR_UPSTREAM_FAILED)', async () => {
    const upstream = await httpsUpstream();
    const error = await caught(() => createStaticUpstream().connect(target(upstream.url)));
    expect(error.code).toBe('ERR_UPSTREAM_FAILED');
  });

  it('speaks TLS with SNI and proxies through it when the CA is trusted', async () => {
    const upstream = await httpsUpstream();
    const edge = await startEdge({
      to: upstream.url,
      upstream: createStaticUpstream({ ca: upstream.ca }),
    });
    const reply = await send(`${edge.url}/`);
    expect(reply.body).toBe(`tls:${new URL(upstream.url).host}`);
  });

  it('gives up on a handshake that never completes with ERR_UPSTREAM_TIMEOUT', async () => {
    const silent = createTcpServer(() => {});
    const { port } = await listenServer(silent);
    const upstream = createStaticUpstream({ connectTimeoutMs: 100 });
    const error = await caught(() => upstream.connect(target(`https://localhost:${port}`)));
    expect(error.code).toBe('ERR_UPSTREAM_TIMEOUT');
  });

  it('honours an AbortSignal', async () => {
    const upstream = await listen(() => {});
    const error = await caught(() =>
      createStaticUpstream().connect(target(upstream.url), AbortSignal.abort()),
    );
    expect(error.code).toBe('ERR_UPSTREAM_FAILED');
  });
});
