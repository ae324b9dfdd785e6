import { CRITERIA } from './criteria/registry.ts';
import type { BlockNode, CompiledPolicy, Node, Operator, RuleBlock } from './compiled.ts';
import { IssueError, PolicyCompileError, type PolicyIssue } from './errors.ts';
import { describe, isPlainObject } from './matchers/scalar.ts';

const OPERATORS: readonly string[] = ['and', 'or', 'not', 'nor'];
const ACTIONS: readonly string[] = ['allow', 'deny'];

export interface CompileOptions {
  /** Name of the policy in error messages and trace paths (default `policy`). */
  readonly path?: string;
}

/** One policy document to compile, under a path label. */
export interface PolicySource {
  readonly document: unknown;
  readonly path: string;
}

/**
 * Compiles PPL: a rule object (`{allow: {...}, deny: {...}}`, or the older
 * `{action: allow, and: [...]}`) or a list of them. `null`/`undefined` is a policy with no rules,
 * which allows nothing. Throws PolicyCompileError listing every problem with its JSON path.
 */
export function compilePolicy(document: unknown, options: CompileOptions = {}): CompiledPolicy {
  return compileSources([{ document, path: options.path ?? 'policy' }]);
}

/** Compiles several documents into one policy, in order (route shorthands, then the route policy). */
export function compileSources(sources: readonly PolicySource[]): CompiledPolicy {
  const issues: PolicyIssue[] = [];
  const blocks: RuleBlock[] = [];
  for (const { document, path } of sources) {
    if (document === undefined || document === null) continue;
    const rules = Array.isArray(document)
      ? document.map((r, i) => [r, `${path}[${i}]`] as const)
      : [[document, path] as const];
    for (const [rule, rulePath] of rules) {
      compileRule(rule, rulePath, issues, blocks);
    }
  }
  if (issues.length > 0) throw new PolicyCompileError(issues);
  const of = (action: RuleBlock['action']) =>
    Object.freeze(blocks.filter((b) => b.action === action).map((b) => b.block));
  return Object.freeze({ allow: of('allow'), deny: of('deny'), blocks: Object.freeze(blocks) });
}

function compileRule(rule: unknown, path: string, issues: PolicyIssue[], out: RuleBlock[]): void {
  if (!isPlainObject(rule)) {
    issues.push({
      path,
      message: `expected a rule object such as { allow: { and: [...] } }, got ${describe(rule)}`,
    });
    return;
  }
  if ('action' in rule) {
    // Older form: { action: allow, or: [...] }.
    const action = rule['action'];
    if (typeof action !== 'string' || !ACTIONS.includes(action)) {
      issues.push({
        path: `${path}.action`,
        message: `unsupported action ${JSON.stringify(action)} (expected allow or deny)`,
      });
      return;
    }
    const { action: _action, ...body } = rule;
    for (const block of compileBody(body, path, issues, action)) {
      out.push({ action: action as RuleBlock['action'], block });
    }
    return;
  }
  for (const [action, body] of Object.entries(rule)) {
    if (!ACTIONS.includes(action)) {
      issues.push({
        path: `${path}.${action}`,
        message: `unsupported action "${action}" (expected allow or deny)`,
      });
      continue;
    }
    if (!isPlainObject(body)) {
      issues.push({
        path: `${path}.${action}`,
        message: `expected an object of operators (and, or, not, nor), got ${describe(body)}`,
      });
      continue;
    }
    for (const block of compileBody(body, `${path}.${action}`, issues, action)) {
      out.push({ action: action as RuleBlock['action'], block });
    }
  }
}

/** The operator blocks of one rule body; several operators in one body are ORed by the caller. */
function compileBody(
  body: Record<string, unknown>,
  path: string,
  issues: PolicyIssue[],
  action: string,
): BlockNode[] {
  const blocks: BlockNode[] = [];
  for (const [op, list] of Object.entries(body)) {
    // Pomerium's parser tolerates an `action` key in a rule body (grammar.go); one that
    // contradicts the enclosing action would be silently ignored there, so it is an error here.
    if (op === 'action') {
      if (list !== action) {
        issues.push({
          path: `${path}.action`,
          message: `action ${JSON.stringify(list)} contradicts the enclosing "${action}" (remove it)`,
        });
      }
      continue;
    }
    if (!OPERATORS.includes(op)) {
      issues.push({
        path: `${path}.${op}`,
        message: `unknown operator "${op}" (expected and, or, not or nor)`,
      });
      continue;
    }
    const block = compileBlock(op as Operator, list, `${path}.${op}`, issues);
    // PPL skips empty operator lists.
    if (block !== undefined && block.children.length > 0) blocks.push(block);
  }
  return blocks;
}

function compileBlock(
  op: Operator,
  list: unknown,
  path: string,
  issues: PolicyIssue[],
): BlockNode | undefined {
  if (!Array.isArray(list)) {
    issues.push({ path, message: `expected a list of criteria, got ${describe(list)}` });
    return undefined;
  }
  const children: Node[] = [];
  list.forEach((item, i) => {
    const node = compileNode(item, `${path}[${i}]`, issues);
    if (node !== undefined) children.push(node);
  });
  return { kind: op, children };
}

function compileNode(item: unknown, path: string, issues: PolicyIssue[]): Node | undefined {
  if (!isPlainObject(item)) {
    issues.push({
      path,
      message: `expected a criterion such as { email: { is: a@example.com } }, got ${describe(item)}`,
    });
    return undefined;
  }
  const keys = Object.keys(item);
  if (keys.length !== 1) {
    issues.push({
      path,
      message: `a criterion has exactly one key, got ${keys.length === 0 ? 'none' : keys.map((k) => `"${k}"`).join(', ')}`,
    });
    return undefined;
  }
  const key = keys[0] as string;
  const data = item[key];
  if (OPERATORS.includes(key)) {
    // Nested operators (an extension: PPL proper has criteria only inside operator lists).
    const block = compileBlock(key as Operator, data, `${path}.${key}`, issues);
    if (
      block !== undefined &&
      block.children.length === 0 &&
      Array.isArray(data) &&
      data.length === 0
    ) {
      // Dropping it silently would change what the enclosing operator means.
      issues.push({
        path: `${path}.${key}`,
        message: 'an empty nested operator matches nothing useful: remove it or add criteria',
      });
      return undefined;
    }
    return block;
  }
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(0, slash);
  const subPath = slash < 0 ? undefined : key.slice(slash + 1);
  const criterion = CRITERIA.get(name);
  const at = `${path}.${key}`;
  if (criterion === undefined) {
    issues.push({
      path: at,
      message: `unknown criterion "${name}" (known: ${[...CRITERIA.keys()].join(', ')})`,
    });
    return undefined;
  }
  if (criterion.subPath === 'required' && subPath === undefined) {
    issues.push({ path: at, message: `${name} needs a path: ${name}/<name>, e.g. ${name}/groups` });
    return undefined;
  }
  if (criterion.subPath === undefined && subPath !== undefined) {
    issues.push({ path: at, message: `${name} takes no path (write "${name}", not "${key}")` });
    return undefined;
  }
  try {
    return { kind: 'criterion', path: at, name: key, evaluate: criterion.compile(data, subPath) };
  } catch (error) {
    if (!(error instanceof IssueError)) throw error;
    issues.push({
      path: error.subPath === '' ? at : `${at}.${error.subPath}`.replace('.[', '['),
      message: error.message,
    });
    return undefined;
  }
}
