import { afterEach, beforeEach } from 'vitest';
import { startAs, type AsHarness, type HarnessOptions } from './harness.ts';

/** A fresh authorization server per test; `current()` returns the running one. */
export function useAs(options: HarnessOptions = {}): () => AsHarness {
  let h: AsHarness | undefined;
  beforeEach(async () => {
    h = await startAs(options);
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  return () => {
    if (h === undefined) throw new Error('no authorization server running');
    return h;
  };
}
