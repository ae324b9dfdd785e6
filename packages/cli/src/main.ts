#!/usr/bin/env node
import { text } from 'node:stream/consumers';
import { run } from './run.ts';

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
