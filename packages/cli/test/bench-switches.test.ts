import { describe, expect, it } from 'vitest';
import { BENCH_UNCAPTURED_TUNNEL_ROUTE, benchSwitches } from '../src/bench-switches.ts';

describe('the benchmark switches of gatehouse serve', () => {
  it('are off unless the benchmark sets them', () => {
    expect(benchSwitches({})).toEqual({});
    expect(benchSwitches({ [BENCH_UNCAPTURED_TUNNEL_ROUTE]: '' })).toEqual({});
  });

  it('name the tunnel route the inspector leaves uncaptured', () => {
    expect(BENCH_UNCAPTURED_TUNNEL_ROUTE).toBe('GATEHOUSE_BENCH_UNCAPTURED_TUNNEL_ROUTE');
    expect(benchSwitches({ [BENCH_UNCAPTURED_TUNNEL_ROUTE]: 'plain' })).toEqual({
      uncapturedTunnelRoute: 'plain',
    });
  });
});
