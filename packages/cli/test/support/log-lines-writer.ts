import { BatchedLogDestination } from '../../src/log-destination.ts';

// Run as its own process: writes `count` JSON log lines of ~400 bytes to stdout through the
// gateway's log destination, as one `--workers` process does, then flushes and exits.
const [tag = '?', countArg = '0'] = process.argv.slice(2);
const count = Number(countArg);
const destination = new BatchedLogDestination(1);
const padding = 'x'.repeat(360);
for (let i = 0; i < count; i += 1) {
  destination.write(`${JSON.stringify({ tag, n: i, padding })}\n`);
  if (i % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
}
destination.flushSync();
