import { createHmac, randomBytes } from 'node:crypto';
import {
  CHANGE_TOPICS,
  systemClock,
  type Clock,
  type Identity,
  type SessionRecord,
  type Store,
} from '@gatehouse/core';
import { createSealer } from './seal.ts';

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

export interface SessionManager {
  /** Creates a session; the returned token goes into the auth host's cookie and nowhere else. */
  start(
    identity: SessionIdentity,
    meta: { ip: string | null; userAgent: string | null },
  ): Promise<{ token: string; session: SessionRecord }>;
  fromToken(token: string | undefined): Promise<SessionRecord | undefined>;
  fromId(id: string): Promise<SessionRecord | undefined>;
  end(id: string): Promise<void>;
  endAllFor(userId: string): Promise<void>;
  listFor(userId: string): Promise<readonly SessionRecord[]>;
  /** A cookie value for a route host that refers to the session (sealed, bound to the host). */
  routeCookie(sessionId: string, host: string): string;
  /** The session id in a route host's cookie, or undefined when forged, expired or for another host. */
  openRouteCookie(value: string | undefined, host: string): string | undefined;
  /** Public, non-secret handle for a session (account page revoke buttons). */
  handleOf(sessionId: string): string;
}

const TOUCH_EVERY_MS = 60_000;
export const IDENTITY_KIND = 'identity';

// long-function: one manager object: each method is short; they share the sealer, the cache and the store
export function createSessionManager(options: SessionManagerOptions): SessionManager {
  const { store, cookieSecret, lifetimeMs, idleTimeoutMs } = options;
  const clock = options.clock ?? systemClock;
  const cacheMs = options.cacheMs ?? 5_000;
  const sealer = createSealer(cookieSecret, 'route-session');
  const cache = new Map<string, { session: SessionRecord; until: number }>();
  // Opening a sealed route cookie costs an AES-GCM decryption; browsers send the same value on
  // every request, so remember what each (cookie, host) opened to until it expires.
  const opened = new Map<string, { sid: string; exp: number }>();

  const forgetUser = (userId: string) => {
    for (const [id, entry] of cache) if (entry.session.userId === userId) cache.delete(id);
  };
  store.changes.subscribe(CHANGE_TOPICS.sessionEnded, (id) => cache.delete(id));
  store.changes.subscribe(CHANGE_TOPICS.userSessionsEnded, forgetUser);

  const idOf = (token: string) =>
    createHmac('sha256', cookieSecret).update(`session:${token}`).digest('base64url');

  async function load(id: string): Promise<SessionRecord | undefined> {
    const now = clock.now();
    const hit = cache.get(id);
    let session = hit !== undefined && hit.until > now ? hit.session : undefined;
    if (session === undefined) {
      cache.delete(id);
      session = await store.sessions.get(id);
      if (session === undefined) return undefined;
      if (cache.size > 10_000) cache.clear();
      cache.set(id, { session, until: now + cacheMs });
    }
    if (
      session.expiresAt <= now ||
      (idleTimeoutMs > 0 && session.lastSeenAt + idleTimeoutMs <= now)
    ) {
      cache.delete(id);
      await store.sessions.delete(id);
      return undefined;
    }
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
      const touched = { ...session, lastSeenAt: now };
      cache.set(id, { session: touched, until: now + cacheMs });
      await store.sessions.touch(id, now);
      return touched;
    }
    return session;
  }

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
      return load(idOf(token));
    },
    fromId: load,
    async end(id) {
      cache.delete(id);
      await store.sessions.delete(id);
    },
    async endAllFor(userId) {
      forgetUser(userId);
      await store.sessions.deleteByUser(userId);
    },
    listFor: (userId) => store.sessions.listByUser(userId),
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
    handleOf(sessionId) {
      return createHmac('sha256', cookieSecret)
        .update(`handle:${sessionId}`)
        .digest('base64url')
        .slice(0, 16);
    },
  };
}
