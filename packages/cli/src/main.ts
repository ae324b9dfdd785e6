#!/usr/bin/env node
import { text } from 'node:stream/consumers';

// React (the tunnel's TUI) picks its build when first imported: production costs ~1.2 MB less per
// SSH session (spikes.md §3). Set before the dynamic import below loads anything.
process.env['NODE_ENV'] ??= 'production';
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
      process.once('SIGINT', handler);
      process.once('SIGTERM', handler);
    },
  },
);
process.exitCode = code;
