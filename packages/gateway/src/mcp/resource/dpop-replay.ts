import { createHash } from 'node:crypto';
import type { RecordRepository } from '@gatehouse/core';

/** Records of spent DPoP proof ids (RFC 9449 §11.1), one per (key, jti). */
export const DPOP_JTI_KIND = 'dpop-jti';

export interface DpopReplayGuard {
  /** True the first time this key uses this `jti` before `until` (epoch ms); false after. */
  firstUse(jkt: string, jti: string, now: number, until: number): Promise<boolean>;
}

/**
 * The replay window lives in the Store, not in process memory: with several gateway nodes a
 * proof replayed against another node must still be refused (ARCHITECTURE.md "Scale-out").
 * `increment` is atomic, so of two concurrent requests with one proof exactly one sees 1.
 * The key is hashed so a client-chosen `jti` never becomes a raw store key.
 */
export function createDpopReplayGuard(records: RecordRepository): DpopReplayGuard {
  return {
    async firstUse(jkt, jti, now, until) {
      const key = createHash('sha256').update(`${jkt}\n${jti}`).digest('base64url');
      return (await records.increment(DPOP_JTI_KIND, key, now, until)) === 1;
    },
  };
}
