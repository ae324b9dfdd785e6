// Finds the functions of a TypeScript source over a line limit, with the reason a
// `// long-function: <reason>` comment right above them gives (issue 19: the largest function in
// packages/*/src is under 100 lines or carries its reason).
import ts from 'typescript';

export interface LongFunction {
  readonly name: string;
  readonly file: string;
  /** 1-based line of the function's first line. */
  readonly line: number;
  readonly lines: number;
  /** The text after `long-function:`, or undefined when no such comment precedes the function. */
  readonly reason: string | undefined;
}

const REASON = /\/\/\s*long-function:\s*(\S.*)$/m;

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** A readable name: the declaration's own, or what it is assigned to / passed as. */
function nameOf(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (node.name !== undefined) return node.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
    return parent.name.getText(source);
  }
  if (ts.isPropertyDeclaration(parent)) return parent.name.getText(source);
  if (ts.isCallExpression(parent)) {
    return `<callback of ${parent.expression.getText(source).slice(0, 40)}>`;
  }
  if (ts.isExportAssignment(parent)) return 'default export';
  return '<anonymous>';
}

/** The node whose leading comments describe `node`: the statement or property it is part of. */
function holderOf(node: ts.Node): ts.Node {
  let current = node;
  while (
    current.parent !== undefined &&
    !ts.isSourceFile(current.parent) &&
    !ts.isBlock(current.parent) &&
    !ts.isClassLike(current.parent) &&
    !ts.isObjectLiteralExpression(current.parent) &&
    !ts.isCallExpression(current.parent) &&
    !ts.isModuleBlock(current.parent)
  ) {
    current = current.parent;
  }
  return current;
}

/** Every function in `text` longer than `limit` lines. */
export function longFunctions(file: string, text: string, limit: number): LongFunction[] {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > limit) {
        const holder = holderOf(node);
        const leading = text.slice(holder.getFullStart(), holder.getStart(source));
        found.push({
          name: nameOf(node, source),
          file,
          line: first + 1,
          lines,
          reason: REASON.exec(leading)?.[1],
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
