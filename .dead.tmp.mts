import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import ts from 'typescript';
const all = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'packages', 'e2e', 'bench', 'template', 'scripts', 'eslint', '*.ts', '*.js'], { encoding: 'utf8' })
  .split('\n').filter((f) => /\.(ts|tsx|js|mjs)$/.test(f) && !f.includes('/dist/') && !f.startsWith('template/assets'));
const text = new Map(all.map((f) => [f, readFileSync(f, 'utf8')]));
const src = all.filter((f) => /^packages\/[^/]+\/src\/.*\.tsx?$/.test(f));
const reexportLine = /^\s*export\s+(type\s+)?\{[^}]*\}\s+from\s+['"][^'"]+['"];?\s*$/;
function exportsOf(f: string): { name: string; line: number }[] {
  const sf = ts.createSourceFile(f, text.get(f)!, ts.ScriptTarget.Latest, true, f.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: { name: string; line: number }[] = [];
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  for (const st of sf.statements) {
    const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
    const exported = mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isExportDeclaration(st)) {
      if (st.exportClause && ts.isNamedExports(st.exportClause)) for (const e of st.exportClause.elements) out.push({ name: e.name.text, line: line(e) });
      continue;
    }
    if (!exported) continue;
    if (mods?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) continue;
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) { if (ts.isIdentifier(d.name)) out.push({ name: d.name.text, line: line(d) }); }
    else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) out.push({ name: st.name.text, line: line(st) });
  }
  return out;
}
for (const f of src) {
  for (const { name, line } of exportsOf(f)) {
    const re = new RegExp(`\\b${name}\\b`);
    let usedElsewhere = false;
    for (const [g, t] of text) {
      if (g === f) continue;
      for (const l of t.split('\n')) {
        if (!re.test(l)) continue;
        // a bare re-export of the name does not count as a use
        if (reexportLine.test(l)) continue;
        usedElsewhere = true; break;
      }
      if (usedElsewhere) break;
    }
    if (usedElsewhere) continue;
    const own = text.get(f)!.split('\n').filter((l) => re.test(l)).length;
    console.log(`${f}:${line}\t${name}\t${own > 1 ? 'used-in-file' : 'unused'}`);
  }
}
