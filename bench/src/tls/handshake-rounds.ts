import type { BenchContext } from '../benchmark.ts';
import { median } from '../lib/stats.ts';
import { cpuMs } from './cpu-time.ts';
import { handshakeOnce, type LoadOptions } from './handshake.ts';
import { threadedHandshakeLoad } from './handshake-threads.ts';

/** Client threads, and handshake loops per thread: 8 connections at a time in all. */
export const CLIENT_THREADS = 2;
export const CONCURRENCY = 4;

export interface Scenario {
  readonly name: string;
  /** The edge process, charged for its CPU time per handshake. */
  readonly pid: number;
  readonly load: Omit<LoadOptions, 'concurrency' | 'seconds'>;
}

export interface ScenarioResult {
  readonly median: number;
  readonly rounds: readonly number[];
  readonly handshakes: number;
  /** Median over the rounds of the edge's CPU ms per handshake. */
  readonly cpuMsPerHandshake: number;
}

/** Every name gets its own certificate, verified against the test CA (not the fallback). */
export async function verifyNames(port: number, names: readonly string[], ca: string) {
  for (const servername of names) {
    const outcome = await handshakeOnce({ port, servername, ca });
    if (!outcome.ok || !outcome.authorized || outcome.subjectAltName !== `DNS:${servername}`) {
      throw new Error(
        `handshake for ${servername} on port ${port}: ok=${outcome.ok} authorized=` +
          `${outcome.authorized} SAN=${outcome.subjectAltName ?? 'none'} ${outcome.error ?? ''}`,
      );
    }
  }
}

/** A session ticket per name, each checked to resume (isSessionReused) before the load. */
export async function ticketsFor(port: number, names: readonly string[]) {
  const sessions = new Map<string, Buffer>();
  for (const servername of names) {
    const first = await handshakeOnce({ port, servername, wantSession: true });
    if (first.session === undefined) {
      throw new Error(`no session ticket for ${servername}: ${first.error ?? 'none sent'}`);
    }
    const again = await handshakeOnce({ port, servername, session: first.session });
    if (!again.reused) throw new Error(`the ticket for ${servername} did not resume`);
    sessions.set(servername, first.session);
  }
  return sessions;
}

/**
 * A warm-up per scenario, then `rounds` measured rounds, the first scenario rotating. Any
 * failed handshake, or one that resumed when it should not (or the reverse), fails the run.
 */
export async function measureScenarios(
  context: BenchContext,
  scenarios: readonly Scenario[],
): Promise<Map<Scenario, ScenarioResult>> {
  const run = async (s: Scenario, seconds: number) => {
    const result = await threadedHandshakeLoad(
      { ...s.load, concurrency: CONCURRENCY, seconds },
      CLIENT_THREADS,
    );
    if (result.errors > 0 || result.wrongKind > 0) {
      throw new Error(
        `${s.name}: ${result.errors} failed handshake(s), ${result.wrongKind} of the wrong ` +
          `kind (resumed vs full); first error: ${result.firstError ?? 'none'}`,
      );
    }
    return result;
  };
  for (const s of scenarios) await run(s, context.warmupSeconds);
  const rates = new Map<Scenario, number[]>(scenarios.map((s) => [s, []]));
  const counts = new Map<Scenario, number>(scenarios.map((s) => [s, 0]));
  const cpu = new Map<Scenario, number[]>(scenarios.map((s) => [s, []]));
  for (let round = 0; round < context.rounds; round++) {
    const order = scenarios.map((_, i) => scenarios[(i + round) % scenarios.length]);
    for (const s of order) {
      if (s === undefined) continue;
      context.log(`  ${s.name}, round ${round + 1}/${context.rounds}`);
      const cpuBefore = await cpuMs(s.pid);
      const result = await run(s, context.durationSeconds);
      cpu.get(s)?.push(((await cpuMs(s.pid)) - cpuBefore) / result.handshakes);
      rates.get(s)?.push(result.perSecond);
      counts.set(s, (counts.get(s) ?? 0) + result.handshakes);
    }
  }
  return new Map(
    scenarios.map((s) => {
      const rounds = rates.get(s) ?? [];
      const cpuPer = median(cpu.get(s) ?? []);
      const handshakes = counts.get(s) ?? 0;
      return [s, { median: median(rounds), rounds, handshakes, cpuMsPerHandshake: cpuPer }];
    }),
  );
}
