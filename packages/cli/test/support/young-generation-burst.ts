import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { semiSpaceBytes } from '../../src/young-generation.ts';

/**
 * Allocates like a burst of long-lived connections (many objects that survive), in slices with
 * the event loop turning in between as a server's does. Resolves with the largest semi-space
 * seen, in bytes. The survivors stay referenced until then.
 */
export async function surviveBurst(): Promise<number> {
  const kept: object[] = [];
  let largest = semiSpaceBytes();
  for (let slice = 0; slice < 400; slice += 1) {
    for (let i = 0; i < 20_000; i += 1) {
      const connection = { id: i, headers: [`h${i}`, 'v'], state: { open: true } };
      if (i % 4 === 0) kept.push(connection);
    }
    await yieldToLoop();
    largest = Math.max(largest, semiSpaceBytes());
  }
  return kept.length > 0 ? largest : 0;
}
