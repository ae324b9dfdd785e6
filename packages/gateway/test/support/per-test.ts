import { afterEach, beforeEach } from 'vitest';

/**
 * Starts a fresh one before each test of the calling file and closes it after; the returned
 * function gives the current test's one. `what` names it when it is asked for outside a test.
 */
export function perTest<T extends { close(): Promise<void> }>(
  start: () => Promise<T>,
  what: string,
): () => T {
  let current: T | undefined;
  beforeEach(async () => {
    current = await start();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error(`no ${what} running`);
    return current;
  };
}
