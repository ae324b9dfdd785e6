#!/usr/bin/env node
// `npm start`: checks what a newcomer may be missing, then runs `gatehouse start`.
import { fileURLToPath } from 'node:url';
import { preflightProblem } from './preflight.js';

const problem = preflightProblem({
  nodeVersion: process.version,
  root: fileURLToPath(new URL('..', import.meta.url)),
});
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
process.argv.splice(2, 0, 'start');
// The `gatehouse` binary: from the second start on, its compile cache spares the type stripping.
await import('../packages/cli/bin/gatehouse.js');
