#!/usr/bin/env node
import { text } from 'node:stream/consumers';

// React (the tunnel's TUI) picks its build when first imported: production costs ~1.2 MB less per
// SSH session (spikes.md §3). Set before the dynamic import below loads anything.
process.env['NODE_ENV'] ??= 'production';
// The long-running commands cap V8's young generation before their start-up grows it
// (young-generation.ts: Node 24 keeps up to 3 × 64 MB after a burst of connections).
if (process.argv[2] === 'serve' || process.argv[2] === 'start') {
  const { capYoungGeneration, START_UP_CAP_MB } = await import('./young-generation.ts');
  capYoungGeneration({
    execArgv: process.execArgv,
    nodeOptions: process.env['NODE_OPTIONS'],
    // `serve` raises it to the full cap once it listens (commands/serve.ts).
    ...(process.argv[2] === 'serve' && { capMb: START_UP_CAP_MB }),
  });
}
const { run } = await import('./run.ts');

const code = await run(
  process.argv.slice(2),
  {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readStdin: () => text(process.stdin),
    cwd: process.cwd(),
  },
  {
    onStop(handler) {
      // `on`, not `once`: ink's signal-exit re-raises a signal when it is the last listener
      // left, which killed the process mid-shutdown once an SSH session had shown the TUI.
      // A second Ctrl-C while stopping exits at once.
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) process.exit(signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : 143);
        stopping = true;
        handler();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      // A closed terminal: `npm start`'s children run in their own process groups and would
      // not get the hang-up themselves, so stop them like on Ctrl-C.
      process.on('SIGHUP', stop);
    },
  },
);
process.exitCode = code;
