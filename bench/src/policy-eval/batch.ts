import type { BenchInput } from './inputs.ts';

/** A decision function from Engine.prepare: input index → `allow` | `deny` | `login`. */
export type Decide = (i: number) => string;

export interface BatchResult {
  readonly evaluations: number;
  readonly elapsedNs: number;
}

/** Rounds over all inputs between two clock reads: milliseconds of work, so the clock costs nothing. */
const ROUNDS_PER_CHECK = 200;

/**
 * Decides the inputs in turn, round after round, for at least `seconds`, and returns how many
 * decisions took how long (process.hrtime.bigint). Every decision is compared with the expected
 * outcome, which also keeps the work from being optimized away; a wrong one throws.
 */
export function runBatch(
  decide: Decide,
  inputs: readonly BenchInput[],
  seconds: number,
): BatchResult {
  const expected = inputs.map((b) => b.expected as string);
  const n = expected.length;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let now: bigint;
  let evaluations = 0;
  let wrong = -1;
  do {
    for (let r = 0; r < ROUNDS_PER_CHECK; r++) {
      for (let i = 0; i < n; i++) if (decide(i) !== expected[i]) wrong = i;
    }
    evaluations += ROUNDS_PER_CHECK * n;
    now = process.hrtime.bigint();
  } while (now < deadline && wrong < 0);
  if (wrong >= 0) {
    throw new Error(`"${inputs[wrong]?.name}": got ${decide(wrong)}, expected ${expected[wrong]}`);
  }
  return { evaluations, elapsedNs: Number(now - start) };
}

/** Throws unless `decide` gives the expected outcome for every input, naming each that differs. */
export function verify(label: string, decide: Decide, inputs: readonly BenchInput[]): void {
  const wrong = inputs.flatMap((b, i) => {
    const got = decide(i);
    return got === b.expected ? [] : [`"${b.name}": ${got} (expected ${b.expected})`];
  });
  if (wrong.length > 0) {
    throw new Error(`${label} disagrees with the expected outcome:\n  ${wrong.join('\n  ')}`);
  }
}
