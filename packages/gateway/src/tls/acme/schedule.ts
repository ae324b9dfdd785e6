/** Renewal and retry timing (pure, so it can be reasoned about apart from timers). */

/** Renew at two thirds of the lifetime, minus up to 5 % of it so nodes and names spread out. */
export function renewalAt(notBefore: number, notAfter: number, random: number): number {
  const lifetime = Math.max(0, notAfter - notBefore);
  return notBefore + (lifetime * 2) / 3 - random * lifetime * 0.05;
}

/** True once a certificate is past its renewal point (without jitter). */
export function isDue(notBefore: number, notAfter: number, now: number): boolean {
  return now >= renewalAt(notBefore, notAfter, 0);
}

/** Exponential backoff with jitter (50–100 % of the step), capped at `maxMs`. */
export function retryDelay(failures: number, minMs: number, maxMs: number, random: number): number {
  const step = Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
  return Math.round(step * (0.5 + random * 0.5));
}

/** setTimeout holds at most 2^31-1 ms; longer waits re-check after a day. */
export const MAX_TIMER_MS = 86_400_000;

/** Warn when a certificate has this little left and is still not renewed. */
export const EXPIRY_WARNING_MS = 14 * 86_400_000;
