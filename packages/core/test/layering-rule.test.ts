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
      'packages/testing/src/index.ts',
      'e2e/mcp-gateway.test.ts',
      'e2e/support/mcp-gateway.ts',
      'bench/src/run.ts',
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

  it("refuses e2e/ and bench/ reaching into a package's src/ or test/ by relative path", () => {
    expect(
      lint('e2e/probe.test.ts', "import { x } from '../packages/gateway/test/support/x.ts';\n"),
    ).toEqual([expect.stringContaining('shared test harnesses live in @gatehouse/testing')]);
    expect(
      lint('e2e/support/probe.ts', "import { x } from '../../packages/gateway/src/index.ts';\n"),
    ).toEqual([expect.stringContaining('reaches outside e2e')]);
    expect(
      lint('bench/src/x/probe.ts', "import '../../../packages/gateway/src/proxy/hop-by-hop.ts';\n"),
    ).toEqual([expect.stringContaining('reaches outside @gatehouse/bench')]);
    expect(
      lint('bench/src/probe.ts', "import '../../packages/tunnel/test/support/ssh-client.ts';\n"),
    ).toHaveLength(1);
  });

  it('refuses a deep import that is not one of the package\'s "exports"', () => {
    expect(lint('e2e/probe.test.ts', "import '@gatehouse/gateway/config';\n")).toEqual([
      expect.stringContaining('not a public entry of @gatehouse/gateway'),
    ]);
    expect(
      lint('packages/tunnel/test/probe.test.ts', "import '@gatehouse/testing/src/net.ts';\n"),
    ).toEqual([expect.stringContaining('internals')]);
  });

  it('refuses a test harness in package sources: @gatehouse/testing is for tests only', () => {
    expect(lint('packages/gateway/src/probe.ts', "import '@gatehouse/testing';\n")).toEqual([
      expect.stringContaining('imports point down only'),
    ]);
  });

  it('lets tests, e2e/ and bench/ use public entries and @gatehouse/testing', () => {
    const code =
      "import { startTestGateway } from '@gatehouse/testing/gateway';\n" +
      "import { spawnSsh } from '@gatehouse/testing';\n" +
      "import { startGateway } from '@gatehouse/gateway';\n";
    expect(lint('e2e/probe.test.ts', code)).toEqual([]);
    expect(lint('e2e/support/probe.ts', code)).toEqual([]);
    expect(lint('bench/src/probe.ts', code)).toEqual([]);
    expect(lint('packages/cli/test/probe.test.ts', code)).toEqual([]);
    expect(lint('e2e/probe.test.ts', "import { b } from './support/x.ts';\n")).toEqual([]);
    // The template is the app under test, not a library: e2e/ starts its server from its modules.
    expect(lint('e2e/probe.test.ts', "import '../template/server/src/app.ts';\n")).toEqual([]);
    expect(
      lint('packages/cli/test/probe.test.ts', "import '../../../e2e/support/x.ts';\n"),
    ).toEqual([expect.stringContaining('reaches outside @gatehouse/cli')]);
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
