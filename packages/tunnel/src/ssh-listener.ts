import type { AddressInfo } from 'node:net';
import { GatehouseError } from '@gatehouse/core';
import type { Logger } from '@gatehouse/core';
import type { Server } from 'ssh2';
import type { ServerConnections } from './connection/accept-connection.ts';
import { chunkReads } from './connection/chunk-reads.ts';
import { poolSshPadding } from './connection/ssh-padding.ts';
import { readScavenge } from './connection/young-buffers.ts';
import { sshCrypto, sshCryptoMessage } from './ssh-crypto.ts';

/** Starts the SSH listener; resolves with the bound port, or a clear ERR_TUNNEL_LISTEN. */
export function listenSsh(
  server: Server,
  port: number,
  host: string,
  logger: Logger,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(
        new GatehouseError(
          'ERR_TUNNEL_LISTEN',
          error.code === 'EADDRINUSE'
            ? `SSH port ${String(port)} on ${host} is already in use: stop the other program or change ssh.listen in the config`
            : `cannot listen for SSH on ${host}:${String(port)}: ${error.message}`,
          { cause: error },
        ),
      );
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      const crypto = sshCrypto();
      logger.info(
        {
          sshCrypto: crypto,
          sshPadding: poolSshPadding(),
          channelReads: chunkReads(),
          readScavenge: readScavenge(),
        },
        sshCryptoMessage(crypto),
      );
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Ends every connection with `message`, stops accepting, and resolves once every connection's
 * close handler has run and their bindings are removed: the caller closes the store next.
 */
export function closeSsh(server: Server, state: ServerConnections, message: string): Promise<void> {
  return new Promise<void>((resolve) => {
    for (const connection of state.connections) connection.close(message);
    // ssh2's Server has no `listening` flag: ask whether it has an address instead.
    if (server.address() === null) {
      resolve();
      return;
    }
    // The server's close callback can run before the last connection's own close handler, so
    // wait for that too.
    const noConnections = new Promise<void>((done) => {
      if (state.connections.size === 0) done();
      else state.whenNoConnections = done;
    });
    server.close(
      () =>
        void noConnections.then(() => Promise.all([...state.sessionsEnding])).then(() => resolve()),
    );
  });
}
