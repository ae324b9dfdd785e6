import type { Clock, OAuthRepository } from '@gatehouse/core';

const TOUCH_EVERY_MS = 3_600_000;

/**
 * Dynamically registered clients expire `registrationTtlMs` after their last use (research §5
 * D3: storage stays bounded under registration floods). A successful token request counts as
 * use; the stored registration's expiry moves forward at most once an hour (or a quarter of
 * the TTL, if shorter) per client.
 */
export function createClientToucher(deps: {
  readonly oauth: OAuthRepository;
  readonly clock: Clock;
  readonly registrationTtlMs: () => number;
}) {
  const touched = new Map<string, number>();
  return async (clientId: string): Promise<void> => {
    const now = deps.clock.now();
    const last = touched.get(clientId);
    const every = Math.min(TOUCH_EVERY_MS, deps.registrationTtlMs() / 4);
    if (last !== undefined && now - last < every) return;
    if (touched.size > 10_000) touched.clear();
    touched.set(clientId, now);
    const payload = await deps.oauth.find('Client', clientId);
    if (payload === undefined) return; // a CIMD client: nothing stored
    await deps.oauth.upsert('Client', clientId, payload, now + deps.registrationTtlMs());
  };
}
