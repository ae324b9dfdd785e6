import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { longFunctions } from './support/long-functions.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Issue 19: no function in packages/*\/src over 100 lines unless it states why. */
const LIMIT = 100;

/** Every .ts/.tsx file under packages/*\/src (built output and dependencies aside). */
function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
    }
  };
  for (const pkg of readdirSync(join(ROOT, 'packages'), { withFileTypes: true })) {
    if (!pkg.isDirectory()) continue;
    const src = join(ROOT, 'packages', pkg.name, 'src');
    try {
      walk(src);
    } catch {
      // a package without src/
    }
  }
  return out;
}

/** `body` lines of statements inside a function called `name`, with `comment` above it. */
function fn(name: string, body: number, comment = ''): string {
  const lines = Array.from({ length: body }, (_, i) => `  const v${i} = ${i};`);
  return `${comment}export function ${name}(): void {\n${lines.join('\n')}\n}\n`;
}

describe('the largest-function check (packages/*/src)', () => {
  it('finds a function over the limit, names it, and reads the reason comment above it', () => {
    expect(longFunctions('a.ts', fn('short', 98), LIMIT)).toEqual([]);
    expect(longFunctions('a.ts', fn('tooLong', 99), LIMIT)).toEqual([
      { name: 'tooLong', file: 'a.ts', line: 1, lines: 101, reason: undefined },
    ]);
    const arrow = `const handler = async () => {\n${'  work();\n'.repeat(120)}};\n`;
    expect(longFunctions('b.tsx', arrow, LIMIT)).toEqual([
      expect.objectContaining({ name: 'handler', lines: 122, reason: undefined }),
    ]);
    expect(
      longFunctions('c.ts', fn('explained', 120, '// long-function: one table of cases\n'), LIMIT),
    ).toEqual([expect.objectContaining({ name: 'explained', reason: 'one table of cases' })]);
  });

  it('every function over 100 lines in packages/*/src carries `// long-function: <reason>`', () => {
    const offenders = sources()
      .flatMap((file) => longFunctions(relative(ROOT, file), readFileSync(file, 'utf8'), LIMIT))
      .filter((f) => f.reason === undefined)
      .sort((a, b) => b.lines - a.lines)
      .map((f) => `${f.name} (${f.file}:${f.line}, ${f.lines} lines)`);
    expect(offenders, 'split these functions or state the reason above each').toEqual([]);
  });
});
