import type { TcpipBindInfo } from 'ssh2';
import type { Logger } from '@gatehouse/core';
import type { TunnelConnection } from '../connection/tunnel-connection.ts';
import type { RouteEndpoint } from '../upstream/open-stream.ts';
import { routeForBindAddress } from './route-name.ts';
import { routeKey } from './route-registry.ts';
import type { RouteRegistry } from './route-registry.ts';

export interface ForwardRequestDeps {
  readonly registry: RouteRegistry<RouteEndpoint>;
  readonly logger: Logger;
}

/**
 * `tcpip-forward` / `cancel-tcpip-forward` (RFC 4254 §7.1) after sign-in. ssh2 refuses them
 * before auth on its own. A refusal carries no text on the wire, so the reason goes to the
 * session's log (shown by the TUI and the plain printer) and the server log.
 */
export function handleForwardRequest(
  connection: TunnelConnection,
  deps: ForwardRequestDeps,
  name: string,
  info: TcpipBindInfo,
  accept: ((port?: number) => void) | undefined,
  reject: (() => void) | undefined,
): void {
  const identity = connection.identity;
  if (identity === undefined) {
    reject?.();
    return;
  }
  // Mid-session requests come from `~C`: OpenSSH's "ssh>" prompt and its answer ("Forwarding
  // port.", "Warning: remote port forwarding failed …") were written over the TUI.
  if (connection.sessionSeen) connection.view.foreignOutput();
  const refuse = (message: string): void => {
    connection.view.log('error', `forward ${info.bindAddr}:${info.bindPort} refused: ${message}`);
    deps.logger.info({ connectionId: connection.id, reason: message }, 'tunnel forward refused');
    reject?.();
    connection.forwardRefused(`forward ${info.bindAddr}:${info.bindPort} refused: ${message}`);
  };
  if (name === 'cancel-tcpip-forward') {
    const forward = connection.forwards.remove(info.bindAddr, info.bindPort);
    if (forward === undefined) {
      refuse('no such forward');
      return;
    }
    deps.registry.removeWhere(
      routeKey(forward.route, identity.namespace),
      (e) => e.connection === connection,
    );
    connection.view.log('info', `route "${forward.route}" stopped (forward cancelled)`);
    connection.refreshForwards();
    accept?.();
    return;
  }
  const choice = routeForBindAddress(info.bindAddr, identity.namespace);
  if (!choice.ok) {
    refuse(choice.message);
    return;
  }
  const added = connection.forwards.add(
    info.bindAddr,
    info.bindPort,
    choice.route,
    connection.sessionSeen,
  );
  if (!added.ok) {
    refuse(added.message);
    return;
  }
  const { forward } = added;
  deps.registry.add(routeKey(forward.route, identity.namespace), { connection, forward });
  connection.view.log(
    'info',
    `route "${forward.route}" ACTIVE (${forward.mode}${forward.mode === 'dynamic' ? ` → ${connection.localAddress}` : ''})`,
  );
  connection.refreshForwards();
  // RFC 4254 §7.1: the allocated port is returned only when port 0 was asked for.
  accept?.(forward.requestedPort === 0 ? forward.port : undefined);
}
