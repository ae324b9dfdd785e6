import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePolicy, evaluate, parsePolicy } from '@gatehouse/policy';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromText } from '../../src/config/index.ts';
import { POLICY_DENIED_CODE } from '../../src/edge/mcp-route.ts';
import { blockUnder, codeBlocks, REPO_ROOT, section, type CodeBlock } from './code-blocks.ts';
import { RECIPES } from './recipe-cases.ts';

/*
 * Keeps the YAML in docs/production.md and docs/policies.md true to the code.
 *
 * Every ```yaml block is one of two things, told apart by its top-level keys:
 * - a bare policy (a list, or only allow/deny/action/and/or/not/nor keys): parsed and compiled
 *   with the policy package, as a route's `policy` is;
 * - otherwise a whole gatehouse.yaml: loaded with configFromText, the loader `gatehouse serve`
 *   uses (schema, unknown keys, route policies, shorthands, hosts). configFromText validates and
 *   resolves but opens no file (tls, key files and data_dir are opened at start), so examples
 *   naming /etc/gatehouse/tls/… need no such files. The config path is in a temp dir, so relative
 *   paths resolve there.
 * A block that is not Gatehouse's (Dex's config) says so on the line before its fence:
 * `<!-- docs-test: skip (reason) -->`. Nothing else is skipped.
 */

const DOCS = ['docs/production.md', 'docs/policies.md'];
const POLICY_KEYS = new Set(['allow', 'deny', 'action', 'and', 'or', 'not', 'nor']);
const tmp = mkdtempSync(join(tmpdir(), 'gatehouse-docs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const configOf = (block: CodeBlock) => configFromText(block.text, join(tmp, 'gatehouse.yaml'));

function isPolicyDocument(document: unknown): boolean {
  if (Array.isArray(document)) return true;
  return (
    typeof document === 'object' &&
    document !== null &&
    Object.keys(document).every((key) => POLICY_KEYS.has(key))
  );
}

const yamlBlocks = DOCS.flatMap(codeBlocks).filter((b) => b.lang === 'yaml' || b.lang === 'yml');

describe('every YAML example in the docs loads', () => {
  it('finds the examples (a broken extractor must not pass by finding none)', () => {
    const count = (file: string) => yamlBlocks.filter((b) => b.where.startsWith(file)).length;
    expect(count('docs/production.md')).toBeGreaterThanOrEqual(8);
    expect(count('docs/policies.md')).toBeGreaterThanOrEqual(10);
  });

  it.each(yamlBlocks.filter((b) => b.skip === undefined))('$where', (block) => {
    const document = parsePolicy(block.text);
    if (isPolicyDocument(document)) {
      expect(compilePolicy(document, { path: block.where }).blocks.length).toBeGreaterThan(0);
    } else {
      expect(configOf(block).source).toBe(join(tmp, 'gatehouse.yaml'));
    }
  });
});

describe('recipes decide as their text says', () => {
  for (const recipe of RECIPES) {
    describe(`${recipe.file}: ${recipe.heading}`, () => {
      const policy = () => {
        const route = configOf(blockUnder(codeBlocks(recipe.file), recipe.heading, 'yaml')).routes[
          recipe.route
        ];
        if (route === undefined) throw new Error(`no routes[${recipe.route}] in the example`);
        return route.policy;
      };
      it.each(recipe.cases)('$name: $expect', ({ input, expect: outcome }) => {
        expect(evaluate(policy(), input).outcome).toBe(outcome);
      });
    });
  }
});

describe('docs/policies.md: Testing a policy', () => {
  const blocks = codeBlocks('docs/policies.md');
  const cli = join(REPO_ROOT, 'packages/policy/src/cli/main.ts');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: tmp });

  it('gatehouse-policy prints what the page shows, and exits 1 (deny)', () => {
    const policy = join(tmp, 'policy.yaml');
    const input = join(tmp, 'call.json');
    writeFileSync(policy, blockUnder(blocks, 'Testing a policy', 'yaml').text);
    writeFileSync(input, blockUnder(blocks, 'Testing a policy', 'json').text);
    expect(run('check', '--policy', policy).status).toBe(0);
    const test = run('test', '--policy', policy, '--input', input);
    expect(test.stdout).toBe(blockUnder(blocks, 'Testing a policy', 'text').text);
    expect(test.status).toBe(1);
  });

  it('documents only flags the tool has', () => {
    const usage = run('--help').stderr;
    const table = section('docs/policies.md', 'Testing a policy');
    const flags = [...table.matchAll(/^\| `(--[a-z-]+)/gm)].map((m) => m[1] ?? '');
    expect(flags).toEqual(['--policy', '--input', '--json']);
    for (const flag of flags) expect(usage).toContain(flag);
  });
});

describe('docs/policies.md: A refused call', () => {
  it('shows the JSON-RPC error code the gateway answers with', () => {
    const example = JSON.parse(
      blockUnder(codeBlocks('docs/policies.md'), 'A refused call', 'json').text,
    ) as { error: { code: number; message: string } };
    expect(example.error.code).toBe(POLICY_DENIED_CODE);
    expect(example.error.message).toMatch(/^Forbidden: not allowed by policy \(request id /);
  });
});
