export interface CliArgs {
  readonly command: 'test' | 'check';
  readonly policy: string;
  readonly input?: string;
  readonly json: boolean;
}

export const USAGE = `Usage:
  gatehouse-policy test  --policy <policy.yaml|json> --input <input.json> [--json]
  gatehouse-policy check --policy <policy.yaml|json>

test   evaluates the policy for one request and prints the outcome, the reasons and the trace.
       Exit code: 0 allow, 1 deny, 2 login (sign-in required).
check  only compiles the policy: exit 0 when it is valid.
Errors: 64 bad usage, 65 unreadable or invalid policy or input.`;

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') throw new UsageError('');
  if (command !== 'test' && command !== 'check')
    throw new UsageError(`unknown command "${command}"`);
  let policy: string | undefined;
  let input: string | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = (): string => {
      const next = rest[++i];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`${String(arg)} needs a file path`);
      return next;
    };
    if (arg === '--policy') policy = value();
    else if (arg === '--input') input = value();
    else if (arg === '--json') json = true;
    else throw new UsageError(`unknown option "${String(arg)}"`);
  }
  if (policy === undefined) throw new UsageError('--policy is required');
  if (command === 'test' && input === undefined)
    throw new UsageError('test needs --input <input.json>');
  if (command === 'check' && input !== undefined) throw new UsageError('check takes no --input');
  return { command, policy, ...(input !== undefined && { input }), json };
}
