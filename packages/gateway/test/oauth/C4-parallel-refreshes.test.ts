import { describe, expect, it } from 'vitest';
import { refresh, signedInClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

// Store latency makes the refreshes interleave as they do across nodes or a remote database.
const as = useAs({ storeLatencyMs: 3 });

describe('C4: parallel refreshes with one refresh token', () => {
  it('never revoke the family: every answer is usable and nothing is recorded as revoked', async () => {
    const h = as();
    const { clientId, refreshToken } = await signedInClient(h);
    const since = h.clock.now();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => refresh(h, clientId, refreshToken)),
    );
    for (const r of results) expect(r.status, r.text).toBe(200);
    expect(await h.store.oauth.revokedGrantsSince(since)).toEqual([]);
    // Whichever answer the client kept, it can go on refreshing.
    const kept = results.at(-1)?.json['refresh_token'] as string;
    expect((await refresh(h, clientId, kept)).status).toBe(200);
  });
});
