import type { Clock } from '@gatehouse/core';
import { createSealer } from './seal.ts';

export interface RouteCookies {
  /** A cookie value for a route host that refers to the session (sealed, bound to the host). */
  routeCookie(sessionId: string, host: string): string;
  /** The session id in a route host's cookie, or undefined when forged, expired or for another host. */
  openRouteCookie(value: string | undefined, host: string): string | undefined;
}

/** Route-host cookies: the session id and an expiry, sealed (AES-GCM) and bound to the host. */
export function createRouteCookies(
  cookieSecret: Buffer,
  clock: Clock,
  lifetimeMs: number,
): RouteCookies {
  const sealer = createSealer(cookieSecret, 'route-session');
  // Opening a sealed route cookie costs an AES-GCM decryption; browsers send the same value on
  // every request, so remember what each (cookie, host) opened to until it expires.
  const opened = new Map<string, { sid: string; exp: number }>();
  return {
    routeCookie(sessionId, host) {
      return sealer.seal({ sid: sessionId, exp: clock.now() + lifetimeMs }, host);
    },
    openRouteCookie(value, host) {
      if (value === undefined) return undefined;
      const key = `${host} ${value}`;
      const known = opened.get(key);
      if (known !== undefined) return known.exp > clock.now() ? known.sid : undefined;
      const content = sealer.open(value, host);
      if (typeof content !== 'object' || content === null) return undefined;
      const { sid, exp } = content as { sid?: unknown; exp?: unknown };
      if (typeof sid !== 'string' || typeof exp !== 'number' || exp <= clock.now())
        return undefined;
      if (opened.size >= 10_000) opened.clear();
      opened.set(key, { sid, exp });
      return sid;
    },
  };
}
