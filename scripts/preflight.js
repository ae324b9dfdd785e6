// What `npm start` checks before it loads any TypeScript. Plain JavaScript on purpose: it must
// run, and explain itself, on a Node too old to run our .ts files.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The first problem that stops `npm start` on this machine, as the sentence to print, or
 * `undefined` when there is none.
 * @param {{ nodeVersion: string, root: string }} machine `process.version` and the repo root
 * @returns {string | undefined}
 */
export function preflightProblem({ nodeVersion, root }) {
  const major = Number(/^v?(\d+)\./.exec(nodeVersion)?.[1] ?? 0);
  if (major < 24)
    return (
      `Gatehouse needs Node.js 24 or newer; this is ${nodeVersion}. ` +
      'Install Node 24 and run npm start again.'
    );
  const installed = ['@gatehouse/cli', 'vite', '@modelcontextprotocol/server'].every((name) =>
    existsSync(join(root, 'node_modules', name)),
  );
  if (!installed) return 'Dependencies are not installed. Run npm install first.';
  return undefined;
}
