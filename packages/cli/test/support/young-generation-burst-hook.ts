import { surviveBurst } from './young-generation-burst.ts';

// Preloaded (`node --import`) into a real `gatehouse serve`: on SIGUSR2 it allocates like a burst
// of connections inside that process and prints the largest semi-space seen to stderr.
export const BURST_LINE = 'young-generation-burst:';

process.on('SIGUSR2', () => {
  void surviveBurst().then((largest) =>
    process.stderr.write(`${BURST_LINE} ${JSON.stringify({ largest })}\n`),
  );
});
