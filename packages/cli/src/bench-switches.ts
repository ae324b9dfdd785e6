/**
 * The one place the CLI reads switches that only the benchmarks in `bench/` set, from the
 * environment of the `gatehouse serve` process they launch. None is a user setting: no config
 * key, no flag, not in the README; an unset or empty variable changes nothing.
 */

/**
 * A tunnel route name (e.g. `plain`) whose traffic the MCP traffic inspector does not capture.
 * Tunnel routes are always captured otherwise; the `mcp-inspect` benchmark compares a captured
 * and an uncaptured route in one process.
 */
export const BENCH_UNCAPTURED_TUNNEL_ROUTE = 'GATEHOUSE_BENCH_UNCAPTURED_TUNNEL_ROUTE';

/** The system options the benchmark switches in `env` ask for (spread into `startSystem`). */
export function benchSwitches(env: Readonly<Record<string, string | undefined>>): {
  readonly uncapturedTunnelRoute?: string;
} {
  const route = env[BENCH_UNCAPTURED_TUNNEL_ROUTE];
  return route === undefined || route === '' ? {} : { uncapturedTunnelRoute: route };
}
