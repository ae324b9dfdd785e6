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
await import('../packages/cli/src/main.ts');
