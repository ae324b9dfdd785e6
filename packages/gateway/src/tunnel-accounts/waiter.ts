import type { Clock, Logger, RecordRepository, SshSignInOutcome } from '@gatehouse/core';
import type { SignInNotifier } from './notifier.ts';
import { PENDING_KIND, RESULT_KIND, parseResult, type PendingSignIn } from './pending.ts';

export interface WaiterDeps {
  readonly records: RecordRepository;
  readonly notifier: SignInNotifier;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly pollMs: number;
}

export interface Waiter {
  readonly outcome: Promise<SshSignInOutcome>;
  cancel(): void;
}

/**
 * Waits for the browser's answer to one sign-in: woken in-process by the verify page, and
 * polling the store (for answers given on another node, and for expiry by the clock).
 * Settles exactly once and never rejects.
 */
export function waitForAnswer(deps: WaiterDeps, pending: PendingSignIn, codeKey: string): Waiter {
  const { records, clock, logger } = deps;
  let settled = false;
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let resolve: (outcome: SshSignInOutcome) => void = () => undefined;
  const outcome = new Promise<SshSignInOutcome>((r) => {
    resolve = r;
  });

  const finish = (result: SshSignInOutcome): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    unsubscribe();
    resolve(result);
  };
  const invalidate = (): void => {
    // The code must stop working with the SSH attempt it belongs to.
    records.delete(PENDING_KIND, codeKey).catch((error: unknown) => {
      logger.warn({ err: messageOf(error) }, 'could not invalidate an SSH sign-in code');
    });
  };

  async function check(): Promise<void> {
    const now = clock.now();
    const answer = parseResult(await records.consume(RESULT_KIND, pending.id, now));
    if (answer !== undefined) finish(answer);
    else if (now >= pending.expiresAt) {
      invalidate();
      finish({ approved: false, reason: 'expired' });
    }
  }

  function run(): void {
    clearTimeout(timer);
    if (settled) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    check()
      .catch((error: unknown) => {
        logger.warn({ err: messageOf(error) }, 'could not read an SSH sign-in answer');
      })
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        } else if (!settled) {
          timer = setTimeout(run, deps.pollMs);
          timer.unref();
        }
      });
  }

  const unsubscribe = deps.notifier.subscribe(pending.id, run);
  timer = setTimeout(run, deps.pollMs);
  timer.unref();
  return {
    outcome,
    cancel() {
      if (settled) return;
      invalidate();
      finish({ approved: false, reason: 'cancelled' });
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
