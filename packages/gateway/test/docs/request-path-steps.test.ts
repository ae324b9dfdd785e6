import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COOKIE_STEPS } from '../../src/edge/cookie-route.ts';
import { MCP_STEPS } from '../../src/edge/mcp-route.ts';
import { REPO_ROOT } from './code-blocks.ts';

/*
 * The gateway README's "Request path" lists the steps a newcomer reads in order. It must be the
 * order the edge runs them in, and each step must live in the file its name says.
 */
const README = readFileSync(join(REPO_ROOT, 'packages/gateway/README.md'), 'utf8');
const section = README.slice(README.indexOf('## Request path'), README.indexOf('## API'));

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The backticked step names of the numbered item that starts with `marker`. */
function listed(marker: string): string[] {
  const start = section.indexOf(marker);
  const end = section.indexOf('Refusals:', start);
  return [...section.slice(start, end).matchAll(/`([a-z-]+)`/g)].map((m) => m[1] ?? '');
}

describe('the README request path is the order the edge runs', () => {
  it.each([
    ['MCP routes', 'mcp', MCP_STEPS],
    ['Browser routes', 'cookie', COOKIE_STEPS],
  ] as const)('%s: same steps, same order, one file each', (marker, folder, steps) => {
    const names = steps.map((step) => kebab(step.name));
    expect(listed(marker)).toEqual(names);
    for (const name of names) {
      expect(
        existsSync(join(REPO_ROOT, `packages/gateway/src/edge/${folder}/steps/${name}.ts`)),
      ).toBe(true);
    }
  });
});
