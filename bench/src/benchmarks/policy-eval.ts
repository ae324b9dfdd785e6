import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { median } from '../lib/stats.ts';
import { packageVersion } from '../lib/package-version.ts';
import { verify } from '../policy-eval/batch.ts';
import { bufbuildCel, celJs, ENGINES, gatehouse, type Engine } from '../policy-eval/engines.ts';
import { INPUTS } from '../policy-eval/inputs.ts';
import { startEngineProcess, type EngineProcess } from '../policy-eval/worker-process.ts';

const GOAL_PER_SECOND = 500_000;
const BATCH_SECONDS = 1;
const MIN_BATCHES = 3;

interface Measured {
  /** Median over the batches of (batch time / evaluations in it). */
  readonly nsPerEvaluation: number;
  readonly perSecond: number;
}

/**
 * Every engine must give the expected outcome on every input before anything is timed: a speed
 * comparison between policies that decide differently would mean nothing.
 */
function checkEquivalence(): void {
  const problems: string[] = [];
  for (const engine of ENGINES) {
    try {
      verify(engine.label, engine.prepare(INPUTS), INPUTS);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) throw new Error(`The engines do not agree:\n${problems.join('\n')}`);
}

/**
 * Warm-up, then `batches` timed batches per engine, one batch at a time and engine after engine
 * (the first engine rotates), so a slow moment on the machine hits every engine alike.
 */
async function measure(
  processes: readonly EngineProcess[],
  context: BenchContext,
  batches: number,
): Promise<Map<Engine, Measured>> {
  for (const p of processes) await p.batch(context.warmupSeconds);
  const samples = new Map<Engine, number[]>(processes.map((p) => [p.engine, []]));
  for (let b = 0; b < batches; b++) {
    for (let k = 0; k < processes.length; k++) {
      const p = processes[(b + k) % processes.length];
      if (p === undefined) continue;
      const { evaluations, elapsedNs } = await p.batch(BATCH_SECONDS);
      samples.get(p.engine)?.push(elapsedNs / evaluations);
    }
  }
  const measured = new Map<Engine, Measured>();
  for (const [engine, ns] of samples) {
    const m = median(ns);
    measured.set(engine, { nsPerEvaluation: m, perSecond: 1e9 / m });
    context.log(`  ${engine.label}: ${Math.round(1e9 / m).toLocaleString('en-US')} evaluations/s`);
  }
  return measured;
}

function get(measured: Map<Engine, Measured>, engine: Engine): Measured {
  const m = measured.get(engine);
  if (m === undefined) throw new Error(`${engine.label} was not measured`);
  return m;
}

export const policyEval: Benchmark = {
  id: 'policy-eval',
  title: 'policy evaluation vs CEL',
  async run(context: BenchContext) {
    checkEquivalence();
    const batches = Math.max(MIN_BATCHES, Math.round(context.durationSeconds / BATCH_SECONDS));
    const processes: EngineProcess[] = [];
    let measured: Map<Engine, Measured>;
    try {
      for (const engine of ENGINES) processes.push(await startEngineProcess(engine));
      measured = await measure(processes, context, batches);
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
    }

    const ours = get(measured, gatehouse);
    const cels = [celJs, bufbuildCel].map((engine) => ({ engine, ...get(measured, engine) }));
    const fastest = cels.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const rows: Row[] = [
      {
        metric: 'evaluations/s, one core',
        unit: 'evals/s',
        value: ours.perSecond,
        goal: {
          text: `≥ ${GOAL_PER_SECOND.toLocaleString('en-US')} evals/s`,
          met: ours.perSecond >= GOAL_PER_SECOND,
        },
      },
      ...cels.map((cel): Row => ({
        metric: `evaluations/s vs ${cel.engine.label}`,
        unit: 'evals/s',
        value: ours.perSecond,
        baseline: cel.perSecond,
        ...(cel === fastest && {
          goal: { text: '> 1× (faster CEL)', met: ours.perSecond > cel.perSecond },
        }),
      })),
      ...cels.map((cel): Row => ({
        metric: `median ns/evaluation vs ${cel.engine.label}`,
        unit: 'ns',
        value: ours.nsPerEvaluation,
        baseline: cel.nsPerEvaluation,
      })),
    ];
    const versions = ENGINES.map((e) => `${e.label} ${packageVersion(e.label)}`).join(', ');
    return {
      baselineLabel: 'CEL (library in the row)',
      rows,
      notes: [
        'Policy: `bench/src/policy-eval/policy.yaml`, 8 rules with 20 criteria (domain, groups, ' +
          'email lists, `claim/…`, user, authenticated_user, http_method, http_path, source_ip ' +
          'with IPv4 and IPv6 ranges, mcp_method, an `mcp_tool` `not_in` allowlist, blocked ' +
          'emails and a blocked range). The CEL baselines run `policy.cel`, the same decision ' +
          'as one expression that returns `login`, `deny` or `allow`, with an `ipInRange` ' +
          'function (`ip-range.ts`) registered in both libraries, since neither has CIDR support.',
        `Inputs (\`inputs.ts\`), decided in turn: ${INPUTS.map((b) => `${b.name} → ${b.expected}`).join('; ')}.`,
        'Equivalence: before anything is timed, every engine must give the expected outcome on ' +
          'every input, or the benchmark fails; during the timed batches every outcome is ' +
          'compared again.',
        `Method: each engine runs in its own child process (\`worker.ts\`: no JIT cross-talk), ` +
          `compiles the policy (PPL compile, CEL parse/check/plan) and binds the inputs once ` +
          `outside the timed loop. After a ${context.warmupSeconds} s warm-up batch each, ` +
          `${batches} batches of ${BATCH_SECONDS} s per engine, one batch at a time and ` +
          'alternating engines with a rotating first one. Time is `process.hrtime.bigint()` ' +
          'around chunks of a few ms; ns/evaluation = batch time ÷ evaluations, the median batch ' +
          'counts, evaluations/s = 10⁹ ÷ that.',
        'Not the same work: `evaluate()` evaluates every criterion (no short-circuit) and ' +
          'returns the outcome with its reason codes and the explain trace; CEL short-circuits ' +
          '`&&`/`||` and returns a string. The CEL variables are the same plain objects ' +
          '(`http`, `session`, `user`, `mcp`; null when absent), which @bufbuild/cel converts ' +
          'to CEL maps as it reads them.',
        `Ratio = Gatehouse ÷ CEL: above 1× is faster for evaluations/s, below 1× is faster for ` +
          `ns/evaluation. The goal is against the faster CEL library in this run. Versions: ${versions}.`,
      ],
    };
  },
};
