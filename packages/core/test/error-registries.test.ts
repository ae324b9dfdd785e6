import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = join(ROOT, 'packages');

/**
 * Node.js's own codes (and the `ERR_TLS` prefix) that our sources compare against: never raised
 * by us, so they belong in no registry of ours.
 */
const NODE_CODES = new Set(['ERR_TLS', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** A quoted `ERR_…` literal: how every code is raised or compared (`new GatehouseError('ERR_…'`). */
const CODE_LITERAL = /['"`](ERR_[A-Z0-9_]*[A-Z0-9])['"`]/g;
/** One registry entry: `  ERR_X: 'what it means',`. */
const ENTRY = /^\s+(ERR_[A-Z0-9_]+):\s*\n?\s*(['"])(.*)\2,$/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

function packagesWithSources(): string[] {
  return (
    readdirSync(PACKAGES, { withFileTypes: true })
      // packages/testing is the private test-harness workspace: it ships nothing and raises no code.
      .filter((e) => e.isDirectory() && e.name !== 'testing')
      .filter((e) => readdirSync(join(PACKAGES, e.name)).includes('src'))
      .map((e) => e.name)
  );
}

/** Each package's registry (`src/errors.ts`): code → description. */
function registries(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const pkg of packagesWithSources()) {
    const text = readFileSync(join(PACKAGES, pkg, 'src', 'errors.ts'), 'utf8');
    out.set(pkg, new Map([...text.matchAll(ENTRY)].map((m) => [m[1] ?? '', m[3] ?? ''])));
  }
  return out;
}

describe('error code registries (packages/*/src/errors.ts)', () => {
  it('every package with sources has one', () => {
    for (const [pkg, codes] of registries()) expect(codes.size, pkg).toBeGreaterThan(0);
  });

  it('lists every code that appears in packages/*/src, and each code in one registry only', () => {
    const all = registries();
    const owner = new Map<string, string>();
    for (const [pkg, codes] of all) {
      for (const code of codes.keys()) {
        expect(owner.get(code), `${code} is registered by ${owner.get(code)} and ${pkg}`).toBe(
          undefined,
        );
        owner.set(code, pkg);
      }
    }
    const missing: string[] = [];
    for (const pkg of all.keys()) {
      for (const file of sourceFiles(join(PACKAGES, pkg, 'src'))) {
        for (const [, code] of readFileSync(file, 'utf8').matchAll(CODE_LITERAL)) {
          if (code !== undefined && !owner.has(code) && !NODE_CODES.has(code))
            missing.push(`${code} (${relative(ROOT, file)})`);
        }
      }
    }
    expect(missing, 'add these codes to their package’s src/errors.ts').toEqual([]);
  });

  it('documents every registered code with a sentence of what it means', () => {
    for (const [pkg, codes] of registries()) {
      for (const [code, description] of codes) {
        expect(description.length, `${pkg}: ${code}`).toBeGreaterThanOrEqual(15);
      }
    }
  });

  it('would catch an unregistered code (the scanner finds raised codes)', () => {
    const raised = "throw new GatehouseError('ERR_GATEWAY_NOT_LISTED', 'message');";
    expect([...raised.matchAll(CODE_LITERAL)].map((m) => m[1])).toEqual(['ERR_GATEWAY_NOT_LISTED']);
    const gateway = registries().get('gateway');
    expect(gateway?.has('ERR_GATEWAY_NOT_LISTED')).toBe(false);
    expect(gateway?.has('ERR_GATEWAY_LISTEN')).toBe(true);
  });
});
