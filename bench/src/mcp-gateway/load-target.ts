import type { BenchContext } from '../benchmark.ts';
import type { GatewayProcess } from '../gateway/gateway-process.ts';
import type { RunningServer } from '../lib/child-server.ts';
import { modernEchoCall } from '../mcp-requests.ts';
import type { Comparison, LoadTarget } from '../throughput.ts';
import { obtainAccessToken } from './access-token.ts';
import type { Credentials } from './authorize.ts';

// The set-up the MCP-through-the-gateway benchmarks share (mcp-gateway, mcp-inspect): a real
// access token for a route and the `tools/call echo` request that carries it.

/** Seconds of load a benchmark puts on its tokens: they must not expire mid-run. */
export function tokenTtlSeconds(context: BenchContext, concurrencies: number): number {
  const perConcurrency = 2 * (context.warmupSeconds + context.rounds * context.durationSeconds);
  return Math.max(3_600, 2 * concurrencies * perConcurrency);
}

/** The gateway as a load target: connections to 127.0.0.1, the route in `Host`. */
export function gatewayServer(gateway: GatewayProcess, name = 'gatehouse'): RunningServer {
  return {
    name,
    port: gateway.port,
    origin: `http://127.0.0.1:${gateway.port}`,
    child: gateway.child,
    output: () => gateway.output(),
    stop: () => gateway.stop(),
  };
}

/**
 * `tools/call echo` (2026-07-28 era) on the route whose Host is `routeHost`, with a real access
 * token for its MCP URL (`http://<routeHost>/mcp`) from the gateway's authorization server.
 */
export async function mcpLoadTarget(
  gateway: GatewayProcess,
  routeHost: string,
  credentials: Credentials,
  name?: string,
): Promise<{ readonly target: LoadTarget; readonly expiresIn: number }> {
  const issued = await obtainAccessToken({
    authOrigin: `http://${gateway.host('auth')}`,
    resource: `http://${routeHost}/mcp`,
    credentials,
  });
  const request = modernEchoCall();
  return {
    expiresIn: issued.expiresIn,
    target: {
      server: gatewayServer(gateway, name),
      request: {
        headers: {
          ...request.headers,
          host: routeHost,
          authorization: `Bearer ${issued.accessToken}`,
        },
        body: request.body,
      },
    },
  };
}

/** `c=<c> rounds (req/s): <baseline> a / b / c; <ours> a / b / c.` */
export function roundsNote(
  c: number,
  comparison: Comparison,
  labels: { readonly baseline: string; readonly ours: string },
): string {
  const list = (rates: readonly number[]) =>
    rates.map((r) => Math.round(r).toLocaleString('en-US')).join(' / ');
  return (
    `c=${c} rounds (req/s): ${labels.baseline} ${list(comparison.baselineRounds)}; ` +
    `${labels.ours} ${list(comparison.oursRounds)}.`
  );
}
