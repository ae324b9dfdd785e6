import { constants, PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { semiSpaceBytes } from '../../src/young-generation.ts';

/**
 * Allocates like a burst of long-lived connections (many objects that survive), in slices with
 * the event loop turning in between as a server's does. Resolves with the largest semi-space
 * V8 left behind a full collection during the burst, in bytes (0 if none ran, which fails the
 * callers' checks). The survivors stay referenced until then.
 *
 * Sampled after full collections, not at any moment: while a full collection's incremental
 * marking runs, V8 lets the new space run past its capacity for a few megabytes at a time and
 * takes that back when the collection ends (seen here: 16 MB → 33 MB → 16 MB across a dozen
 * slices, under load). The growth that stays, which the cap is about, shows after the collection.
 */
export async function surviveBurst(): Promise<number> {
  const kept: object[] = [];
  let largest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // A `gc` entry's `detail` ({ kind, flags }) is not in @types/node's PerformanceEntry.
      const { detail } = entry as { detail?: { kind?: number } };
      const kind = detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        largest = Math.max(largest, semiSpaceBytes());
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    for (let slice = 0; slice < 400; slice += 1) {
      for (let i = 0; i < 20_000; i += 1) {
        const connection = { id: i, headers: [`h${i}`, 'v'], state: { open: true } };
        if (i % 4 === 0) kept.push(connection);
      }
      await yieldToLoop();
    }
    // The last collection's entry is delivered on a later turn.
    await yieldToLoop();
  } finally {
    observer.disconnect();
  }
  return kept.length > 0 ? largest : 0;
}
