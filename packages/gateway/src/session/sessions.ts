import { createHmac, randomBytes } from 'node:crypto';
import {
  systemClock,
  type Clock,
  type Identity,
  type SessionRecord,
  type Store,
} from '@gatehouse/core';
import { createRouteCookies, type RouteCookies } from './route-cookies.ts';
import { createSessionCache } from './session-cache.ts';

/** Who signed in, as the identity provider told us (never tokens), and through which IdP. */
export interface SessionIdentity extends Identity {
  readonly claims: Readonly<Record<string, unknown>>;
  readonly idp: string;
}

export interface SessionManagerOptions {
  readonly store: Store;
  readonly cookieSecret: Buffer;
  readonly lifetimeMs: number;
  readonly idleTimeoutMs: number;
  readonly clock?: Clock;
  /**
   * How long a looked-up session is trusted from memory (default 5 s). Keeps the store off the
   * hot path; a session ended on another node or process leaves the cache at once through
   * `store.changes`, so this only bounds how late a missed notification takes effect.
   */
  readonly cacheMs?: number;
}

/** Also `RouteCookies`: a route host's cookie refers to the session. */
export interface SessionManager extends RouteCookies {
  /** Creates a session; the returned token goes into the auth host's cookie and nowhere else. */
  start(
    identity: SessionIdentity,
    meta: { ip: string | null; userAgent: string | null },
  ): Promise<{ token: string; session: SessionRecord }>;
  fromToken(token: string | undefined): Promise<SessionRecord | undefined>;
  fromId(id: string): Promise<SessionRecord | undefined>;
  /**
   * What `fromId` would return at once, when memory alone can answer (a fresh cache entry of a
   * live session not due for its touch); undefined otherwise: then ask `fromId`.
   */
  cachedFromId(id: string): SessionRecord | undefined;
  end(id: string): Promise<void>;
  endAllFor(userId: string): Promise<void>;
  listFor(userId: string): Promise<readonly SessionRecord[]>;
  /** Public, non-secret handle for a session (account page revoke buttons). */
  handleOf(sessionId: string): string;
}

export const IDENTITY_KIND = 'identity';

/** Sign-in sessions: the cookie token, the cached lookup, route-host cookies, revocation. */
export function createSessionManager(options: SessionManagerOptions): SessionManager {
  const { store, cookieSecret, lifetimeMs } = options;
  const clock = options.clock ?? systemClock;
  const sessions = createSessionCache({
    store,
    clock,
    cacheMs: options.cacheMs ?? 5_000,
    idleTimeoutMs: options.idleTimeoutMs,
  });
  const idOf = (token: string) =>
    createHmac('sha256', cookieSecret).update(`session:${token}`).digest('base64url');

  return {
    async start(identity, meta) {
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const session: SessionRecord = {
        id: idOf(token),
        userId: identity.userId,
        email: identity.email,
        name: identity.name,
        groups: identity.groups,
        claims: identity.claims,
        idp: identity.idp,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: now + lifetimeMs,
        ip: meta.ip,
        userAgent: meta.userAgent === null ? null : meta.userAgent.slice(0, 256),
      };
      await store.sessions.create(session);
      // The last known identity of every user, for tokens minted while no browser session is
      // at hand (OAuth refresh); never tokens or secrets.
      await store.records.put(
        IDENTITY_KIND,
        identity.userId,
        { email: identity.email, name: identity.name, groups: identity.groups, idp: identity.idp },
        null,
      );
      return { token, session };
    },
    fromToken(token) {
      if (token === undefined || !/^[A-Za-z0-9_-]{43}$/.test(token))
        return Promise.resolve(undefined);
      return sessions.load(idOf(token));
    },
    fromId: (id) => sessions.load(id),
    cachedFromId: (id) => sessions.cached(id),
    async end(id) {
      sessions.forget(id);
      await store.sessions.delete(id);
    },
    async endAllFor(userId) {
      sessions.forgetUser(userId);
      await store.sessions.deleteByUser(userId);
    },
    listFor: (userId) => store.sessions.listByUser(userId),
    ...createRouteCookies(cookieSecret, clock, lifetimeMs),
    handleOf(sessionId) {
      return createHmac('sha256', cookieSecret)
        .update(`handle:${sessionId}`)
        .digest('base64url')
        .slice(0, 16);
    },
  };
}
