import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { POLICY_REASONS } from '../src/index.ts';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sources(): string {
  return readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'reasons.ts')
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

// `result()` accepts only registered reasons (a type error otherwise); these check the other
// direction: nothing stale in the registry, and every code explained in its doc comment.
describe('policy reason registry (src/reasons.ts)', () => {
  it('lists only reasons some criterion or the evaluator produces', () => {
    const text = sources();
    const unused = POLICY_REASONS.filter((r) => !text.includes(`'${r}'`));
    expect(unused).toEqual([]);
  });

  it('explains every reason in its doc comment', () => {
    const doc = readFileSync(join(SRC, 'reasons.ts'), 'utf8').split('export const')[0] ?? '';
    const undocumented = POLICY_REASONS.filter(
      (r) =>
        !doc.includes(`\`${r}\``) &&
        !(
          /-(ok|unauthorized)$/.test(r) &&
          doc.includes('`<criterion>-ok` / `<criterion>-unauthorized`')
        ) &&
        !doc.includes(`\`${r.replace(/^mcp-(method|tool)-/, '-')}\``),
    );
    expect(undocumented).toEqual([]);
  });
});
