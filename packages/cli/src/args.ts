import { GatehouseError } from '@gatehouse/core';

/** A parsed command line: positional words and `--flag value` options (repeatable). */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, readonly string[]>;
}

export interface FlagSpec {
  /** Flags that take a value. */
  readonly valued: readonly string[];
  /** Flags that are switches. */
  readonly switches: readonly string[];
}

/** Strict parsing: an unknown flag or a missing value is an error naming it (exit code 64). */
export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const add = (name: string, value: string) =>
    options.set(name, [...(options.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (spec.switches.includes(name)) {
      if (eq !== -1) throw new GatehouseError('ERR_CLI_USAGE', `--${name} takes no value`);
      add(name, 'true');
    } else if (spec.valued.includes(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--'))) {
        throw new GatehouseError('ERR_CLI_USAGE', `--${name} needs a value`);
      }
      add(name, value);
    } else {
      throw new GatehouseError('ERR_CLI_USAGE', `unknown option --${name}`);
    }
  }
  return { positionals, options };
}

export const lastOption = (args: ParsedArgs, name: string): string | undefined =>
  args.options.get(name)?.at(-1);
