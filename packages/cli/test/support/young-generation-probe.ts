import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { capYoungGeneration, semiSpaceBytes } from '../../src/young-generation.ts';

// Run as its own process (V8 flags are process-wide): optionally caps the young generation as
// `gatehouse serve` does, then allocates like a burst of long-lived connections (many objects
// that survive) in slices with the event loop turning in between, as a server's does. Prints
// the largest semi-space seen, in bytes, and whether the cap was installed.
const cap =
  process.argv[2] === 'cap'
    ? capYoungGeneration({ execArgv: process.execArgv, nodeOptions: process.env['NODE_OPTIONS'] })
    : undefined;
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
cap?.stop();
process.stdout.write(
  `${JSON.stringify({ capped: cap !== undefined, largest, kept: kept.length })}\n`,
);
