import { readFileSync } from 'node:fs';
import { celEnv, celFunc, CelScalar, isCelError, parse as bufParse, plan } from '@bufbuild/cel';
import { compilePolicy, evaluate, parsePolicy, type PolicyInput } from '@gatehouse/policy';
import { Environment } from '@marcbachmann/cel-js';
import type { BenchInput } from './inputs.ts';
import { ipInRange } from './ip-range.ts';

/** One way to decide the policy: ours (PPL) or a CEL library running policy.cel. */
export interface Engine {
  readonly id: EngineId;
  /** Package name, as it appears in the report. */
  readonly label: string;
  /**
   * Compiles the policy and binds every input once (outside any timed loop). The returned
   * function decides input `i`: `allow`, `deny` or `login`.
   */
  prepare(inputs: readonly BenchInput[]): (i: number) => string;
}

export type EngineId = 'gatehouse' | 'cel-js' | 'bufbuild-cel';

const read = (file: string): string => readFileSync(new URL(file, import.meta.url), 'utf8');

/**
 * policy.cel without its comment lines, for both CEL engines. @bufbuild/cel 0.6.1 fails on two
 * consecutive `//` lines ("found … but expecting identifier or selector").
 */
function celSource(): string {
  return read('policy.cel')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n');
}

/** CEL variables for an input: the same objects, with absent parts bound to null. */
function celBindings(input: PolicyInput): Record<string, unknown> {
  return {
    http: input.http ?? null,
    session: input.session ?? null,
    user: input.user ?? null,
    mcp: input.mcp ?? null,
  };
}

/** policy.cel's result: a string, or a bug in the expression or the bindings. */
function decision(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`policy.cel returned ${typeof value}`);
  return value;
}

function inputAt<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new RangeError(`no input ${i}`);
  return item;
}

export const gatehouse: Engine = {
  id: 'gatehouse',
  label: '@gatehouse/policy',
  prepare(inputs) {
    const policy = compilePolicy(parsePolicy(read('policy.yaml')));
    const bound = inputs.map((b) => b.input);
    return (i) => evaluate(policy, inputAt(bound, i)).outcome;
  },
};

export const celJs: Engine = {
  id: 'cel-js',
  label: '@marcbachmann/cel-js',
  prepare(inputs) {
    const env = new Environment()
      .registerVariable('http', 'dyn')
      .registerVariable('session', 'dyn')
      .registerVariable('user', 'dyn')
      .registerVariable('mcp', 'dyn')
      .registerFunction('ipInRange(string, string): bool', ipInRange);
    const program = env.parse(celSource());
    const checked = program.check();
    if (!checked.valid) throw new Error(`policy.cel: ${checked.error?.message ?? 'invalid'}`);
    const bound = inputs.map((b) => celBindings(b.input));
    return (i) => decision(program(inputAt(bound, i)));
  },
};

export const bufbuildCel: Engine = {
  id: 'bufbuild-cel',
  label: '@bufbuild/cel',
  prepare(inputs) {
    const env = celEnv({
      funcs: [
        celFunc('ipInRange', [CelScalar.STRING, CelScalar.STRING], CelScalar.BOOL, ipInRange),
      ],
    });
    const program = plan(env, bufParse(celSource()));
    const bound = inputs.map((b) => celBindings(b.input));
    return (i) => {
      const result = program(inputAt(bound, i) as Parameters<typeof program>[0]);
      // A CEL error is a bug in policy.cel or the bindings, not a decision: stop the bench.
      if (isCelError(result)) throw result;
      return decision(result);
    };
  },
};

export const ENGINES: readonly Engine[] = [gatehouse, celJs, bufbuildCel];

export function engineById(id: string): Engine {
  const engine = ENGINES.find((e) => e.id === id);
  if (engine === undefined) {
    throw new Error(`unknown engine "${id}" (known: ${ENGINES.map((e) => e.id).join(', ')})`);
  }
  return engine;
}
