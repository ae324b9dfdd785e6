import { request } from 'node:http';
import type { Socket } from 'node:net';
import { GatehouseError, UPSTREAM_ERROR_CODES, type UpstreamErrorCode } from '@gatehouse/core';
import { signHop } from './hop-auth.ts';
import { HOP_ERROR_HEADER } from './hop-server.ts';

/** The hop could not reach the other node (it died, or its lease is stale): try another holder. */
export const HOP_UNREACHABLE = 'ERR_CLUSTER_HOP_UNREACHABLE';
const CONNECT_TIMEOUT_MS = 5_000;

export interface HopPeer {
  readonly nodeId: string;
  /** `http://host:port` of its internal listener. */
  readonly internalAddress: string;
}

export interface HopSelf {
  readonly nodeId: string;
  readonly secret: Buffer;
  now(): number;
}

/**
 * Opens a byte pipe to a new SSH channel of `routeKey` on `peer`. Rejects with HOP_UNREACHABLE
 * when the peer does not answer, or with the Upstream error code the peer reported
 * (ERR_UPSTREAM_OFFLINE when it no longer holds the route).
 */
export function openHop(
  self: HopSelf,
  peer: HopPeer,
  routeKey: string,
  signal?: AbortSignal,
): Promise<Socket> {
  const target = `${routeKey}:80`;
  const url = new URL(peer.internalAddress);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      method: 'CONNECT',
      path: target,
      agent: false,
      timeout: CONNECT_TIMEOUT_MS,
      headers: signHop(
        self.secret,
        { method: 'CONNECT', target },
        self.nodeId,
        peer.nodeId,
        self.now(),
      ),
      ...(signal === undefined ? {} : { signal }),
    });
    const unreachable = (cause: unknown): GatehouseError =>
      new GatehouseError(HOP_UNREACHABLE, `node ${peer.nodeId} did not answer the internal hop`, {
        cause,
      });
    req.once('timeout', () => req.destroy(new Error('connect timed out')));
    req.once('error', (error) => reject(unreachable(error)));
    req.once('connect', (res, socket, head) => {
      if (res.statusCode === 200) {
        socket.setNoDelay(true);
        if (head.length > 0) socket.unshift(head);
        resolve(socket);
        return;
      }
      socket.destroy();
      const header = res.headers[HOP_ERROR_HEADER];
      const code = UPSTREAM_ERROR_CODES.find((c): c is UpstreamErrorCode => c === header);
      reject(
        code === undefined
          ? unreachable(new Error(`internal hop answered ${String(res.statusCode)}`))
          : new GatehouseError(code, `route ${routeKey} on node ${peer.nodeId}: ${code}`),
      );
    });
    req.end();
  });
}

/** Sends a signed control request (JSON body) to a peer; resolves with its status code. */
export function postControl(
  self: HopSelf,
  peer: HopPeer,
  path: string,
  body: Readonly<Record<string, string>>,
): Promise<number> {
  const text = JSON.stringify(body);
  const url = new URL(peer.internalAddress);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path,
      agent: false,
      timeout: CONNECT_TIMEOUT_MS,
      headers: {
        'content-type': 'application/json',
        ...signHop(
          self.secret,
          { method: 'POST', target: path, body: text },
          self.nodeId,
          peer.nodeId,
          self.now(),
        ),
      },
    });
    req.once('timeout', () => req.destroy(new Error('timed out')));
    req.once('error', reject);
    req.once('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.end(text);
  });
}
