import { createHash } from 'node:crypto';
import { GatehouseError, type Clock, type RecordRepository } from '@gatehouse/core';
import { isValidSessionId } from '../inspect/session-id.ts';

/**
 * Legacy-era `Mcp-Session-Id`s bound to the (route, user) that created them (MCP security best
 * practices "Session Hijacking"; research §5 H1, H4). The key is a hash of the id alone, so one id
 * has one owner across all routes: a session created through route X is refused on route Y even
 * when both proxy the same upstream. The store never holds the id itself.
 */
export type SessionCheck = 'ok' | 'unknown' | 'other-user';

export interface SessionBindings {
  /**
   * Records (or extends) the owner of an id the upstream just issued. Throws
   * ERR_MCP_SESSION_OWNED_ELSEWHERE if a live binding names another route or user: an upstream
   * reusing an id must not hand one user's session to another.
   */
  bind(sessionId: string, routeId: string, sub: string, ttlMs: number): Promise<void>;
  /** `unknown`: no live binding (the upstream answers for it, normally 404). */
  check(sessionId: string, routeId: string, sub: string): Promise<SessionCheck>;
}

export const SESSION_RECORD_KIND = 'mcp-session';
export const SESSION_ID_INVALID = 'ERR_MCP_SESSION_ID_INVALID';
export const SESSION_OWNED_ELSEWHERE = 'ERR_MCP_SESSION_OWNED_ELSEWHERE';

interface Owner {
  readonly routeId: string;
  readonly sub: string;
}

export function createSessionBindings(records: RecordRepository, clock: Clock): SessionBindings {
  const keyOf = (sessionId: string): string => {
    // The edge refuses such ids with 400 first; this guards every other caller (one rule:
    // inspect/session-id.ts).
    if (!isValidSessionId(sessionId)) {
      throw new GatehouseError(
        SESSION_ID_INVALID,
        'Mcp-Session-Id has characters outside A-Z a-z 0-9 - . _ ~ + / = or is over 128 long',
      );
    }
    return createHash('sha256').update(sessionId).digest('base64url');
  };
  const ownerAt = async (key: string): Promise<Owner | undefined> => {
    const value = await records.get(SESSION_RECORD_KIND, key, clock.now());
    return isOwner(value) ? value : undefined;
  };

  return {
    async bind(sessionId, routeId, sub, ttlMs) {
      const key = keyOf(sessionId);
      const existing = await ownerAt(key);
      if (existing !== undefined && (existing.routeId !== routeId || existing.sub !== sub)) {
        throw new GatehouseError(
          SESSION_OWNED_ELSEWHERE,
          'the MCP session id is bound to another owner',
        );
      }
      const owner: Owner = { routeId, sub };
      await records.put(SESSION_RECORD_KIND, key, owner, clock.now() + ttlMs);
    },
    async check(sessionId, routeId, sub) {
      const owner = await ownerAt(keyOf(sessionId));
      if (owner === undefined) return 'unknown';
      return owner.routeId === routeId && owner.sub === sub ? 'ok' : 'other-user';
    },
  };
}

function isOwner(value: unknown): value is Owner {
  if (typeof value !== 'object' || value === null) return false;
  const { routeId, sub } = value as Record<string, unknown>;
  return typeof routeId === 'string' && typeof sub === 'string';
}
