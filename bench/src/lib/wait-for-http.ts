import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpRequest } from './http.ts';

export interface WaitOptions {
  /** Pause between attempts, in milliseconds. */
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Stop waiting (and throw) as soon as this process has exited. */
  readonly child?: ChildProcess;
}

/**
 * GETs `url` on a fresh connection until it answers 200. Refused connections (not listening
 * yet) and other statuses are retried; resolves with performance.now() at the 200.
 */
export async function waitForHttp200(url: string, options: WaitOptions): Promise<number> {
  const deadline = performance.now() + options.timeoutMs;
  let last: string;
  for (;;) {
    if (options.child !== undefined && options.child.exitCode !== null) {
      throw new Error(`process exited (${options.child.exitCode}) before ${url} answered 200`);
    }
    try {
      const response = await httpRequest(url, { agent: false, timeoutMs: options.timeoutMs });
      if (response.status === 200) return performance.now();
      last = `status ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (performance.now() > deadline) {
      throw new Error(`${url} did not answer 200 within ${options.timeoutMs} ms (last: ${last})`);
    }
    await sleep(options.intervalMs);
  }
}
