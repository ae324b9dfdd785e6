import { Duplex } from 'node:stream';
import type { ServerChannel } from 'ssh2';
import { GatehouseError } from '@gatehouse/core';
import type { Logger } from '@gatehouse/core';
import type { TunnelConnection } from '../connection/tunnel-connection.ts';
import { readChunkByChunk } from '../connection/chunk-reads.ts';
import { tapTraffic } from '../connection/traffic-tap.ts';
import type { Forward } from '../forwards/forward.ts';
import { parseLocalAddress } from '../local-address.ts';
import { socks5Connect } from './socks5.ts';

/** A live forward and the SSH connection it belongs to. */
export interface RouteEndpoint {
  readonly connection: TunnelConnection;
  readonly forward: Forward;
}

/** How long the SSH client may take to answer the SOCKS handshake. */
const SOCKS_TIMEOUT_MS = 10_000;
/**
 * How long the SSH client may take to answer a channel open (RFC 4254 §5.1). A client that is
 * stopped or cut off never answers; the gateway's undici pool has no deadline of its own while
 * it dials, so without this a request would wait as long as the SSH connection lasts.
 */
const CHANNEL_OPEN_TIMEOUT_MS = 10_000;

const STATIC_WARNING =
  'this port-0 forward has its own target (ssh -R 0:host:port): the server cannot choose the ' +
  'local address; use ssh -R 0 … -- --to <port> instead';

/**
 * Opens one `forwarded-tcpip` channel for a gateway connection (RFC 4254 §7.2, echoing the
 * exact bind address and port) and, for dynamic forwards, runs the SOCKS5 CONNECT to the
 * session's local address. Rejects with ERR_UPSTREAM_* GatehouseErrors.
 */
export async function openStream(
  endpoint: RouteEndpoint,
  routeId: string,
  logger: Logger,
): Promise<Duplex> {
  const { connection, forward } = endpoint;
  const wasDynamic = forward.mode === 'dynamic';
  if (wasDynamic) await connection.whenSettled();
  let channel: ServerChannel;
  try {
    channel = await openChannel(connection, forward);
  } catch (error) {
    if (error instanceof ChannelOpenTimeout) {
      const message = `the ssh client did not answer a channel open for route "${forward.route}" within ${String(CHANNEL_OPEN_TIMEOUT_MS / 1000)} s`;
      connection.view.log('error', message);
      throw new GatehouseError('ERR_UPSTREAM_TIMEOUT', `route "${routeId}": ${message}`);
    }
    // OpenSSH prints "connect_to … failed" or "unknown listen_port" on the user's terminal.
    connection.view.foreignOutput();
    if (isUnknownForward(error)) {
      // Not the user's server: the ssh client has no forward matching our open (RFC 4254 §5.1
      // ADMINISTRATIVELY_PROHIBITED, "open failed"; OpenSSH logs "unknown listen_port").
      markFailed(connection, forward, UNKNOWN_FORWARD);
      throw new GatehouseError('ERR_UPSTREAM_FAILED', `route "${routeId}": ${UNKNOWN_FORWARD}`, {
        cause: error,
      });
    }
    // A dynamic forward confirms at once (OpenSSH then speaks SOCKS), so a failed connect means
    // the client dials its own target, and that target is down.
    if (wasDynamic) switchToStatic(connection, forward);
    const message = `the ssh client could not reach its local server for route "${forward.route}" (${describe(error)}): start it (npm run dev)`;
    connection.view.log('error', message);
    throw new GatehouseError('ERR_UPSTREAM_REFUSED', `route "${routeId}": ${message}`, {
      cause: error,
    });
  }
  if (forward.mode === 'dynamic') {
    const target = parseLocalAddress(connection.localAddress);
    if (!target.ok) throw new GatehouseError('ERR_UPSTREAM_FAILED', target.message);
    const outcome = await socks5Connect(channel, target.host, target.port, SOCKS_TIMEOUT_MS);
    if (outcome.kind !== 'connected') {
      channel.destroy();
      connection.view.foreignOutput();
    }
    if (outcome.kind === 'not-socks') {
      // Our SOCKS bytes reached the user's server as junk; a fresh static channel is clean.
      switchToStatic(connection, forward);
      logger.info(
        { route: forward.route, connectionId: connection.id },
        'forward switched to static',
      );
      return openStream(endpoint, routeId, logger);
    }
    if (outcome.kind === 'timeout') {
      const message = `the ssh client did not answer the SOCKS handshake for route "${forward.route}"`;
      connection.view.log('error', message);
      throw new GatehouseError('ERR_UPSTREAM_TIMEOUT', `route "${routeId}": ${message}`);
    }
    if (outcome.kind === 'failed') {
      const address = connection.localAddress;
      const message =
        `nothing is listening at ${address} on the tunnel client's machine (${outcome.reason}): ` +
        `start it with npm run dev, or point the tunnel elsewhere with ssh … -- --to <port>`;
      connection.view.log('error', message);
      throw new GatehouseError('ERR_UPSTREAM_REFUSED', `route "${routeId}": ${message}`);
    }
  }
  readChunkByChunk(channel);
  if (forward.mode === 'dynamic') connection.pooled.add(channel);
  const record = connection.view.openConnection(incomingId(channel), 'gateway');
  tapTraffic(channel, record, connection.view);
  channel.once('close', () => connection.view.closeConnection(record));
  // http.Agent drops a closed socket from its keep-alive pool only if it is `destroyed`. When
  // the SSH connection dies, ssh2 emits 'close' on its channels without that (it skips end()),
  // so the gateway reused the dead channel: a 30 s hang instead of 503 "tunnel offline".
  channel.prependOnceListener('close', () => {
    if (!channel.destroyed) Duplex.prototype.destroy.call(channel);
  });
  return channel;
}

/**
 * Opens the channel at the forward's wire port; while that port is a guess (Forward.wirePort), an
 * "open failed" answer tries the other candidate once and keeps whichever worked.
 */
async function openChannel(connection: TunnelConnection, forward: Forward): Promise<ServerChannel> {
  try {
    const channel = await forwardOut(connection, forward, forward.wirePort);
    forward.wirePortKnown = true;
    return channel;
  } catch (error) {
    if (forward.wirePortKnown || !isUnknownForward(error)) throw error;
    const other = forward.wirePort === 0 ? forward.port : 0;
    const channel = await forwardOut(connection, forward, other);
    forward.wirePort = other;
    forward.wirePortKnown = true;
    return channel;
  }
}

function forwardOut(
  connection: TunnelConnection,
  forward: Forward,
  port: number,
): Promise<ServerChannel> {
  return new Promise((resolve, reject) => {
    if (connection.closed) {
      reject(new Error('the SSH connection is closing'));
      return;
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new ChannelOpenTimeout());
    }, CHANNEL_OPEN_TIMEOUT_MS);
    // The originator is the gateway itself: the public client's address is not in the port.
    connection.client.forwardOut(forward.bindAddress, port, '127.0.0.1', 0, (error, channel) => {
      clearTimeout(timer);
      // An answer after the deadline: nobody waits for this channel any more.
      if (timedOut) channel?.close();
      else if (error === undefined || error === null) resolve(channel);
      else reject(error);
    });
  });
}

class ChannelOpenTimeout extends Error {}

/** RFC 4254 §5.1 reason code 1: OpenSSH's answer to a channel for a forward it does not know. */
const ADMINISTRATIVELY_PROHIBITED = 1;

function isUnknownForward(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as Error & { reason?: unknown }).reason === ADMINISTRATIVELY_PROHIBITED
  );
}

const UNKNOWN_FORWARD =
  'the ssh client refuses every connection for this forward ("open failed"; OpenSSH says ' +
  '"unknown listen_port"): cancel it and start ssh again with this -R on the command line';

function markFailed(connection: TunnelConnection, forward: Forward, reason: string): void {
  if (forward.failure === reason) return;
  forward.failure = reason;
  connection.view.log('error', `route "${forward.route}": ${reason}`);
  connection.refreshForwards();
}

function switchToStatic(connection: TunnelConnection, forward: Forward): void {
  if (forward.mode === 'static') return;
  forward.mode = 'static';
  forward.warning = STATIC_WARNING;
  connection.view.log('warn', `route "${forward.route}": ${STATIC_WARNING}`);
  connection.refreshForwards();
}

function incomingId(channel: ServerChannel): number {
  const incoming = channel.incoming;
  if (typeof incoming === 'object' && incoming !== null && 'id' in incoming) {
    return typeof incoming.id === 'number' ? incoming.id : -1;
  }
  return -1;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^\(SSH\) Channel open failure: /, '') || 'refused';
}
