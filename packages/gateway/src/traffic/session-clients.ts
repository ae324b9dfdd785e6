import type { McpExchange } from '@gatehouse/core';
import type { Recorded } from './recorder.ts';

/** A map this full is dropped whole rather than grown without bound. */
const MAX_SESSIONS = 10_000;

/**
 * Legacy-era clients name themselves once (initialize): the returned function remembers the
 * name per session and carries it over to the session's later exchanges.
 */
export function createSessionClients(): (r: Recorded) => Recorded {
  const clients = new Map<string, { name?: string; version?: string }>();
  return (r) => {
    const e = r.exchange;
    if (e.sessionId === undefined) return r;
    if (e.clientName !== undefined) {
      if (clients.size >= MAX_SESSIONS) clients.clear();
      clients.set(e.sessionId, {
        name: e.clientName,
        ...(e.clientVersion === undefined ? {} : { version: e.clientVersion }),
      });
      return r;
    }
    const known = clients.get(e.sessionId);
    if (known?.name === undefined) return r;
    const exchange: McpExchange = {
      ...e,
      clientName: known.name,
      ...(known.version === undefined ? {} : { clientVersion: known.version }),
    };
    return { ...r, exchange };
  };
}
