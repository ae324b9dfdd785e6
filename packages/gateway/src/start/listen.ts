import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatehouseError, type Logger } from '@gatehouse/core';
import type { GatewayConfig } from '../config/index.ts';
import { guardRequestReads } from '../edge/read-timeout.ts';
import { createAdminServer } from '../ops/admin-server.ts';
import type { Metrics } from '../ops/metrics.ts';

/** Binds `server`; a taken port is an error that says what to change. */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const message =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use: stop the other program or change the listen address in the config`
          : `cannot listen on ${host}:${port}: ${error.message}`;
      reject(new GatehouseError('ERR_GATEWAY_LISTEN', message, { cause: error }));
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export interface Listening {
  /** The edge's bound port. */
  readonly port: number;
  readonly httpPort: number | undefined;
  readonly admin: Server | undefined;
  readonly adminPort: number | undefined;
}

/**
 * Binds the edge, `http_listen` and the admin listener (/metrics, /healthz). If one cannot
 * bind, the others are closed again before the error is thrown: nothing is left listening.
 */
export async function listenAll(options: {
  readonly config: () => GatewayConfig;
  readonly server: Server;
  readonly httpServer: Server | undefined;
  readonly metrics: Metrics;
  readonly nodeId: string;
  readonly logger: Logger;
}): Promise<Listening> {
  const { server, httpServer } = options;
  const config = options.config();
  let admin: Server | undefined;
  try {
    const port = await listen(server, config.listen.host, config.listen.port);
    const httpPort =
      httpServer !== undefined && config.httpListen !== undefined
        ? await listen(httpServer, config.httpListen.host, config.httpListen.port)
        : undefined;
    let adminPort: number | undefined;
    if (config.adminListen !== undefined) {
      admin = createAdminServer({
        metrics: options.metrics,
        health: () => Promise.resolve({ ok: true, node: options.nodeId, store: config.store.kind }),
      });
      guardRequestReads(admin, () => options.config().requestReadTimeoutMs);
      adminPort = await listen(admin, config.adminListen.host, config.adminListen.port);
    }
    options.logger.info(
      {
        listen: `${config.listen.host}:${port}`,
        http: httpPort,
        auth: config.authenticateServiceUrl,
        routes: config.routes.length,
        admin: adminPort,
      },
      'gateway listening',
    );
    return { port, httpPort, admin, adminPort };
  } catch (error) {
    server.close();
    httpServer?.close();
    admin?.close();
    throw error;
  }
}
