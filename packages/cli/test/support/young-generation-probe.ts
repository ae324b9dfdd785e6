import {
  capYoungGeneration,
  SEMI_SPACE_CAP_MB,
  semiSpaceBytes,
  START_UP_CAP_MB,
} from '../../src/young-generation.ts';
import { surviveBurst } from './young-generation-burst.ts';

// Run as its own process (V8 flags are process-wide): optionally caps the young generation as
// `gatehouse serve` does, then allocates like a burst of connections. Prints the largest
// semi-space seen, in bytes, and whether the cap was installed. Mode `start-up`: capped at
// START_UP_CAP_MB for a first burst (`afterStartUp`: the semi-space once it is over; V8 reports
// more while collecting), then raised to the full cap for a second one (`afterRaise`), as
// `gatehouse serve` does once it listens.
const mode = process.argv[2];
const cap =
  mode === 'cap' || mode === 'start-up'
    ? capYoungGeneration({
        execArgv: process.execArgv,
        nodeOptions: process.env['NODE_OPTIONS'],
        ...(mode === 'start-up' && { capMb: START_UP_CAP_MB }),
      })
    : undefined;
let afterStartUp: number | undefined;
if (mode === 'start-up') {
  await surviveBurst();
  afterStartUp = semiSpaceBytes();
  cap?.setCap(SEMI_SPACE_CAP_MB);
}
const largest = await surviveBurst();
const afterRaise = mode === 'start-up' ? semiSpaceBytes() : undefined;
cap?.stop();
process.stdout.write(
  `${JSON.stringify({ capped: cap !== undefined, largest, afterStartUp, afterRaise })}\n`,
);
