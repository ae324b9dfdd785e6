import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';
import { releaseMemoryWhenQuiet } from '../../src/quiet-memory.ts';
import { capYoungGeneration, semiSpaceBytes } from '../../src/young-generation.ts';
import { surviveBurst } from './young-generation-burst.ts';

// Run as its own process (V8 flags are process-wide): caps the young generation as `gatehouse
// serve` does, with (`release`) or without (`none`) the quiet-time release and a quiet window of
// WINDOW_MS, grows the young generation with a burst of surviving allocations, then stays quiet
// until a semi-space is back under 1 MB or `waitMs` (argv[3]) passed, then allocates like
// requests again. Prints the semi-space after the burst and after the quiet spell (bytes), and
// whether the release was saving memory at the end of the quiet spell and after the requests.
const WINDOW_MS = 3_000;
const MB = 1024 * 1024;
const mode = process.argv[2];
const waitMs = Number(process.argv[3]);
capYoungGeneration({ execArgv: process.execArgv, nodeOptions: process.env['NODE_OPTIONS'] });
const quiet =
  mode === 'release'
    ? releaseMemoryWhenQuiet({
        execArgv: process.execArgv,
        nodeOptions: process.env['NODE_OPTIONS'],
        windowMs: WINDOW_MS,
      })
    : undefined;
await surviveBurst();
const grown = semiSpaceBytes();
const quietFrom = performance.now();
while (semiSpaceBytes() > MB && performance.now() - quietFrom < waitMs) await sleep(100);
const afterQuiet = semiSpaceBytes();
const savingWhenQuiet = quiet?.saving ?? false;
// Requests again: short-lived allocations at a request rate, the event loop turning between.
let sink = 0;
for (let slice = 0; slice < 200; slice += 1) {
  for (let i = 0; i < 10_000; i += 1) sink += { id: i, headers: [`h${i}`, 'v'] }.headers.length;
  await yieldToLoop();
}
const savingWhenBusy = quiet?.saving ?? false;
quiet?.stop();
process.stdout.write(
  `${JSON.stringify({ grown, afterQuiet, savingWhenQuiet, savingWhenBusy, sink: sink > 0 })}\n`,
);
