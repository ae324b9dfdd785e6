import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the rule is plain JavaScript beside eslint.config.js, without types.
import { layeringPlugin } from '../../../eslint/layering.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The messages of the layering rule for `code` as if it were the file at `path`. */
function lint(path: string, code: string): string[] {
  const linter = new Linter({ cwd: ROOT });
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { gatehouse: layeringPlugin as never },
      rules: { 'gatehouse/layering': 'error' },
    },
  ];
  return linter.verify(code, config, { filename: join(ROOT, path) }).map((m) => m.message);
}

describe('the layering rule (eslint/layering.js)', () => {
  it('is on, as an error, for package sources, package tests and the template in npm run lint', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    for (const file of [
      'packages/core/src/index.ts',
      'packages/gateway/test/gateway/signin-and-policy.test.ts',
      'template/server/src/app.ts',
    ]) {
      const config = (await eslint.calculateConfigForFile(file)) as Linter.Config;
      expect(config.rules?.['gatehouse/layering'], file).toEqual([2]);
    }
  }, 60_000);

  it('refuses an upward import (core → gateway)', () => {
    expect(lint('packages/core/src/probe.ts', "import { x } from '@gatehouse/gateway';\n")).toEqual(
      [expect.stringContaining('imports point down only')],
    );
  });

  it('refuses a sideways import (tunnel → gateway, gateway → tunnel)', () => {
    expect(lint('packages/tunnel/src/probe.ts', "import '@gatehouse/gateway';\n")).toHaveLength(1);
    expect(
      lint('packages/gateway/src/probe.ts', "export { y } from '@gatehouse/tunnel';\n"),
    ).toHaveLength(1);
  });

  it("refuses reaching into another package's src/ or test/, by name or by path", () => {
    expect(
      lint('packages/cli/src/probe.ts', "import '@gatehouse/gateway/src/gateway.ts';\n"),
    ).toEqual([expect.stringContaining('internals')]);
    expect(lint('packages/gateway/src/probe.ts', "import '../../tunnel/src/index.ts';\n")).toEqual([
      expect.stringContaining('reaches outside @gatehouse/gateway'),
    ]);
    expect(
      lint('packages/cli/test/probe.test.ts', "import '../../gateway/test/support/x.ts';\n"),
    ).toHaveLength(1);
  });

  it('refuses an import the package.json does not declare', () => {
    expect(lint('template/server/src/probe.ts', "import '@gatehouse/policy';\n")).toHaveLength(1);
  });

  it('lets the dependency direction through', () => {
    expect(
      lint(
        'packages/gateway/src/probe.ts',
        "import { a } from '@gatehouse/policy';\nimport { b } from './x.ts';\n",
      ),
    ).toEqual([]);
    expect(
      lint('packages/cli/src/probe.ts', "const m = await import('@gatehouse/tunnel');\n"),
    ).toEqual([]);
    expect(
      lint('template/server/src/probe.ts', "import { c } from '@gatehouse/app-kit';\n"),
    ).toEqual([]);
  });

  it('refuses a package importing itself by name (a relative import says where it is)', () => {
    expect(
      lint('packages/devhost/src/probe.ts', "import '@gatehouse/devhost/testing';\n"),
    ).toHaveLength(1);
  });
});
