#!/usr/bin/env node
// `gatehouse-policy`: evaluate a policy against a request from the command line.
import { readFile } from 'node:fs/promises';
import { runCli } from './run.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  readFile: (path) => readFile(path, 'utf8'),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  now: () => new Date(),
});
