import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './code-blocks.ts';

// docs/security/cases.md is where a case id cited in a comment or a test name leads. These
// checks keep it complete: a new citation without a row, or a row naming a file that moved,
// fails here.

const CASES_FILE = 'docs/security/cases.md';
const SKIP_DIRS = new Set(['node_modules', 'dist', 'assets', '.git', 'data']);

interface CaseRow {
  readonly id: string;
  readonly files: readonly string[];
}

function caseRows(): Map<string, CaseRow> {
  const rows = new Map<string, CaseRow>();
  for (const line of readFileSync(join(REPO_ROOT, CASES_FILE), 'utf8').split('\n')) {
    const m = /^\|\s*([A-M][0-9]{1,2})\s*\|.*\|\s*([^|]*?)\s*\|$/.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    const files = [...m[2].matchAll(/`([^`]+)`/g)].map((f) => f[1] ?? '');
    rows.set(m[1], { id: m[1], files });
  }
  return rows;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(join(REPO_ROOT, dir))) {
    if (SKIP_DIRS.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(join(REPO_ROOT, path)).isDirectory()) sourceFiles(path, out);
    else if (/\.tsx?$/.test(entry)) out.push(path);
  }
  return out;
}

/** Test files named after gateway cases (`B5-code-replay.test.ts`) and the ids they carry. */
function namedTests(): { file: string; ids: string[] }[] {
  const found: { file: string; ids: string[] }[] = [];
  for (const dir of ['packages', 'e2e']) {
    for (const file of sourceFiles(dir)) {
      // The tunnel names its own findings; docs/security/cases.md lists them apart.
      if (file.startsWith('packages/tunnel/')) continue;
      const prefix = /^((?:[A-M][0-9]{1,2}-)+)/.exec(relative(dir, file).split('/').pop() ?? '');
      if (prefix?.[1]) found.push({ file, ids: prefix[1].split('-').filter(Boolean) });
    }
  }
  return found;
}

/** Ids cited in source comments as "research §5 X" or "gateways.md X". */
function citedInSource(): { file: string; id: string }[] {
  const cited: { file: string; id: string }[] = [];
  for (const file of sourceFiles('packages').filter((f) => f.includes('/src/'))) {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    for (const m of text.matchAll(
      /(?:research §5|gateways\.md(?: §5)?) ((?:[A-M][0-9]{1,2}[,/ ]*(?:and )?)+)/g,
    )) {
      for (const id of (m[1] ?? '').match(/[A-M][0-9]{1,2}/g) ?? []) cited.push({ file, id });
    }
  }
  return cited;
}

describe('docs/security/cases.md', () => {
  const rows = caseRows();

  it('lists cases with the files that guard them', () => {
    expect(rows.size).toBeGreaterThan(40);
  });

  it('has a row for every test file named after a case, naming that file', () => {
    const missing = namedTests().flatMap(({ file, ids }) =>
      ids.filter((id) => !rows.get(id)?.files.includes(file)).map((id) => `${id} ${file}`),
    );
    expect(missing).toEqual([]);
  });

  it('has a row for every case a source comment cites', () => {
    const missing = citedInSource().filter(({ id }) => !rows.has(id));
    expect(missing).toEqual([]);
  });

  it('names only files that exist', () => {
    const gone = [...rows.values()].flatMap((r) =>
      r.files.filter((f) => !existsSync(join(REPO_ROOT, f))),
    );
    expect(gone).toEqual([]);
  });
});
