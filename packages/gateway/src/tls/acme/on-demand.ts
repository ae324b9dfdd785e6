import type { Clock, Logger, RecordRepository } from '@gatehouse/core';
import type { OrderGate } from './manager.ts';

const HOUR_MS = 3_600_000;
const QUIET_MS = 10 * 60_000;

export interface OnDemandGateDeps {
  /** True when the name is a tunnel host whose namespace exists and whose route is live. */
  readonly ask: (name: string) => Promise<boolean>;
  readonly records: RecordRepository;
  readonly perHour: () => number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The gate before an on-demand order (as Caddy's on-demand TLS "ask"): only a tunnel host that
 * exists in our own store, and at most `tls.acme.on_demand_per_hour` orders an hour across all
 * nodes (the counter is in the store). Refusals are logged at most once per name per 10 minutes.
 */
export function createOnDemandGate(deps: OnDemandGateDeps): OrderGate {
  const quiet = new Map<string, number>();
  const say = (name: string, message: string, level: 'info' | 'warn'): void => {
    const now = deps.clock.now();
    if ((quiet.get(name) ?? 0) > now) return;
    if (quiet.size > 10_000) quiet.clear();
    quiet.set(name, now + QUIET_MS);
    deps.logger[level]({ name }, message);
  };
  return async (name) => {
    if (!(await deps.ask(name))) {
      say(
        name,
        `no certificate for ${name}: not a live tunnel host, so no ACME order (handshake refused)`,
        'info',
      );
      return false;
    }
    const now = deps.clock.now();
    const count = await deps.records.increment('acme-on-demand', 'orders', now, now + HOUR_MS);
    if (count > deps.perHour()) {
      say(
        name,
        `no certificate for ${name}: the on-demand limit of ${deps.perHour()} orders an hour is reached (tls.acme.on_demand_per_hour); it is tried again at the next handshake`,
        'warn',
      );
      return false;
    }
    deps.logger.info(
      { name },
      `first handshake for tunnel host ${name}: ordering its certificate on demand`,
    );
    return true;
  };
}
