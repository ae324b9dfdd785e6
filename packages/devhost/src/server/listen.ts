import type { Server } from 'node:http';
import { GatehouseError } from '@gatehouse/core';

export type ServerRole = 'host' | 'sandbox';

/** A listen failure: which server and which port, so a CLI can name the flag to change. */
export type ListenError = GatehouseError & { readonly role: ServerRole; readonly port: number };

export function isListenError(value: unknown): value is ListenError {
  return value instanceof GatehouseError && 'role' in value && 'port' in value;
}

/**
 * Listens on 127.0.0.1 only: the dev host must never be reachable from the network.
 * A busy port raises ERR_DEVHOST_PORT_IN_USE with `role` and `port` so a CLI can name its flag.
 */
export function listenLoopback(server: Server, port: number, role: ServerRole): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (cause: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const code = cause.code === 'EADDRINUSE' ? 'ERR_DEVHOST_PORT_IN_USE' : 'ERR_DEVHOST_LISTEN';
      const what = cause.code === 'EADDRINUSE' ? 'is already in use' : 'cannot be opened';
      const error = new GatehouseError(code, `${role} port ${port} ${what}`, { cause });
      reject(Object.assign(error, { role, port }));
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address();
      resolvePort(typeof address === 'object' && address !== null ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    if (!server.listening) return resolveClose();
    server.close(() => resolveClose());
    // Browsers keep connections alive; close() alone would wait for them.
    server.closeAllConnections();
  });
}
