import { describe, expect, it } from 'vitest';
import { obtainCode, redeem, registerClient } from './support/flows.ts';
import { useAs } from './support/setup.ts';

// With store latency the redemptions really interleave: all read the code before one consumes.
const as = useAs({ storeLatencyMs: 5 });

describe('B10: one code redeemed concurrently', () => {
  it('succeeds exactly once', async () => {
    const h = as();
    const clientId = await registerClient(h);
    for (let round = 0; round < 5; round += 1) {
      const code = await obtainCode(h, { clientId });
      const results = await Promise.all([1, 2, 3].map(() => redeem(h, clientId, code)));
      const ok = results.filter((r) => r.status === 200);
      expect(ok).toHaveLength(1);
      for (const r of results.filter((r) => r.status !== 200)) {
        expect(r.json['error']).toBe('invalid_grant');
      }
    }
  });
});
