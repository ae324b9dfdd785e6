import { capYoungGeneration } from '../../src/young-generation.ts';
import { surviveBurst } from './young-generation-burst.ts';

// Run as its own process (V8 flags are process-wide): optionally caps the young generation as
// `gatehouse serve` does, then allocates like a burst of connections. Prints the largest
// semi-space seen, in bytes, and whether the cap was installed.
const cap =
  process.argv[2] === 'cap'
    ? capYoungGeneration({ execArgv: process.execArgv, nodeOptions: process.env['NODE_OPTIONS'] })
    : undefined;
const largest = await surviveBurst();
cap?.stop();
process.stdout.write(`${JSON.stringify({ capped: cap !== undefined, largest })}\n`);
