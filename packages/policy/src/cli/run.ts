import { compilePolicy } from '../compile.ts';
import { evaluate } from '../evaluate.ts';
import { parsePolicy } from '../parse.ts';
import type { Outcome } from '../result.ts';
import { parseArgs, USAGE, UsageError } from './args.ts';
import { formatDecision } from './format.ts';
import { toPolicyInput } from './input-document.ts';

/** What the CLI needs from the outside world; main.ts passes the real ones. */
export interface CliIo {
  readFile(path: string): Promise<string>;
  out(text: string): void;
  err(text: string): void;
  now(): Date;
}

const EXIT: Readonly<Record<Outcome, number>> = { allow: 0, deny: 1, login: 2 };
export const EXIT_USAGE = 64;
export const EXIT_DATA = 65;

/** Runs `gatehouse-policy <args>` and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message !== '') io.err(`gatehouse-policy: ${error.message}\n\n`);
    io.err(`${USAGE}\n`);
    return error.message === '' ? 0 : EXIT_USAGE;
  }
  try {
    const policy = compilePolicy(parsePolicy(await read(io, args.policy, 'policy')));
    if (args.command === 'check') {
      io.out(
        `${args.policy}: valid (${policy.allow.length} allow and ${policy.deny.length} deny blocks)\n`,
      );
      return 0;
    }
    const inputText = await read(io, args.input ?? '', 'input');
    let inputDocument: unknown;
    try {
      inputDocument = JSON.parse(inputText) as unknown;
    } catch {
      throw new Error(`${args.input ?? ''}: not valid JSON`);
    }
    const decision = evaluate(
      policy,
      toPolicyInput(inputDocument, () => io.now()),
    );
    io.out(args.json ? `${JSON.stringify(decision, null, 2)}\n` : formatDecision(decision));
    return EXIT[decision.outcome];
  } catch (error) {
    // Bad files (unreadable, invalid policy or input) are the user's to fix: say what, exit 65.
    if (error instanceof Error) {
      io.err(`gatehouse-policy: ${error.message}\n`);
      return EXIT_DATA;
    }
    throw error;
  }
}

async function read(io: CliIo, path: string, what: string): Promise<string> {
  try {
    return await io.readFile(path);
  } catch {
    throw new Error(`cannot read the ${what} file ${path}`);
  }
}
