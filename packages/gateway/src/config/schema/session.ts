import { z } from 'zod';
import { DURATION_MINIMUMS, durationAtLeast } from './duration.ts';

/** Browser sign-in sessions: absolute lifetime and idle timeout. */
export const sessionSection = z
  .strictObject({
    lifetime: durationAtLeast(
      DURATION_MINIMUMS.sessionLifetimeMs,
      'a shorter session ends before a sign-in completes',
    ).default(14 * 86_400_000),
    idle_timeout: durationAtLeast(
      DURATION_MINIMUMS.sessionIdleTimeoutMs,
      'a shorter one signs people out while they read a page',
    ).default(86_400_000),
  })
  .default({ lifetime: 14 * 86_400_000, idle_timeout: 86_400_000 });
