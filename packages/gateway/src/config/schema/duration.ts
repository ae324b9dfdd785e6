import { z } from 'zod';
import { formatDuration, parseDuration } from '../duration.ts';

/** Durations are strings (`30s`, `12h`) or milliseconds. */
export const duration = z
  .union([z.number().int().nonnegative(), z.string()])
  .transform((v, ctx) => {
    if (typeof v === 'number') return v;
    const ms = parseDuration(v);
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `not a duration: "${v}" (use e.g. 30s, 5m, 12h, 14d)`,
      });
      return z.NEVER;
    }
    return ms;
  });

/**
 * A duration with a floor (issue 13, defect 7): `0`, or `5` (a number is milliseconds), would
 * give tokens that die at once or sessions that end before a sign-in completes. `why` says what
 * a shorter value breaks; the message names the minimum in config words.
 */
export const durationAtLeast = (minMs: number, why: string) =>
  duration.superRefine((ms, ctx) => {
    if (ms >= minMs) return;
    ctx.addIssue({
      code: 'custom',
      message: `must be at least ${formatDuration(minMs)}, got ${formatDuration(ms)} (${why}; a plain number is milliseconds)`,
    });
  });

/** Like `durationAtLeast`, but `0` is allowed and means "no limit". */
export const durationOffOrAtLeast = (minMs: number, why: string) =>
  duration.superRefine((ms, ctx) => {
    if (ms === 0 || ms >= minMs) return;
    ctx.addIssue({
      code: 'custom',
      message: `must be 0 (no limit) or at least ${formatDuration(minMs)}, got ${formatDuration(ms)} (${why}; a plain number is milliseconds)`,
    });
  });

/** Minimums of the duration keys (documented in docs/production.md, config reference). */
export const DURATION_MINIMUMS = {
  routeTimeoutMs: 1_000,
  sessionLifetimeMs: 5 * 60_000,
  sessionIdleTimeoutMs: 5 * 60_000,
  registrationTtlMs: 3_600_000,
  accessTokenTtlMs: 60_000,
  refreshTokenTtlMs: 5 * 60_000,
} as const;
