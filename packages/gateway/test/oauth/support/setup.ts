import { perTest } from '../../support/per-test.ts';
import { startAs, type AsHarness, type HarnessOptions } from './harness.ts';

/** A fresh authorization server per test; `current()` returns the running one. */
export function useAs(options: HarnessOptions = {}): () => AsHarness {
  return perTest(() => startAs(options), 'authorization server');
}
