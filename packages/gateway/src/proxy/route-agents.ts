import { Agent } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Upstream } from '@gatehouse/core';
import { asAgentSocket } from './duplex-socket.ts';
import { toUpstreamError } from './upstream-error.ts';

/** Free upstream connections close after this long unused (or the upstream's keep-alive hint). */
const FREE_SOCKET_TIMEOUT_MS = 60_000;

/** One keep-alive pool per route, dialling through the route's Upstream. */
export interface RouteAgents {
  get(routeId: string, url: URL): Agent;
  close(): void;
}

export function createRouteAgents(upstream: Upstream): RouteAgents {
  const agents = new Map<string, { url: URL; readonly origin: string; readonly agent: Agent }>();
  return {
    get(routeId, url) {
      const entry = agents.get(routeId);
      // Hot path: the edge usually passes the same URL object for a route on every request.
      if (entry?.url === url) return entry.agent;
      // Not URL.origin: that is "null" for non-http schemes a tunnel upstream might use.
      const origin = `${url.protocol}//${url.host}`;
      if (entry?.origin === origin) {
        entry.url = url;
        return entry.agent;
      }
      // The route now points elsewhere (config reload): idle connections to the old upstream
      // go now; in-flight ones finish and then time out of the old pool.
      if (entry !== undefined) destroyFree(entry.agent);
      const agent = createAgent(upstream, routeId, new URL(origin));
      agents.set(routeId, { url, origin, agent });
      return agent;
    },
    close() {
      for (const { agent } of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

function createAgent(upstream: Upstream, routeId: string, url: URL): Agent {
  const agent = new Agent({ keepAlive: true, timeout: FREE_SOCKET_TIMEOUT_MS, scheduling: 'lifo' });
  // http.Agent documents the async form: pass the stream (or the error) to the callback.
  agent.createConnection = (_options, callback) => {
    upstream.connect({ routeId, url }).then(
      (stream) => callback?.(null, asAgentSocket(stream)),
      // The agent ignores the stream argument when an error is given.
      (error: unknown) =>
        callback?.(toUpstreamError(error, routeId), undefined as unknown as Duplex),
    );
    return undefined;
  };
  return agent;
}

function destroyFree(agent: Agent): void {
  for (const sockets of Object.values(agent.freeSockets)) {
    for (const socket of sockets ?? []) socket.destroy();
  }
}
