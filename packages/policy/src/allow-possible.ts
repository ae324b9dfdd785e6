import type { CompiledPolicy, Node } from './compiled.ts';
import type { PolicyInput } from './input.ts';

type Tri = true | false | 'unknown';

/**
 * Could this policy ever allow `input`'s user, whatever the criteria named `unknown` turn out to
 * be (e.g. the MCP method and tool, the time, the client's address)? Evaluates the allow rules
 * in three-valued (Kleene) logic: a criterion in `unknown` is unknown, the others are evaluated
 * as usual. False only when every allow rule is false for every value of the unknown ones; deny
 * rules can only take more away, so they are not needed. Used to refuse an OAuth authorization
 * up front for a user the route can never let in.
 */
export function allowPossible(
  policy: CompiledPolicy,
  input: PolicyInput,
  unknown: (criterion: string) => boolean,
): boolean {
  const results = policy.allow.map((block) => node(block, input, unknown));
  return results.some((r) => r !== false);
}

function node(n: Node, input: PolicyInput, unknown: (criterion: string) => boolean): Tri {
  if (n.kind === 'criterion') return unknown(n.name) ? 'unknown' : n.evaluate(input).value;
  const results = n.children.map((child) => node(child, input, unknown));
  const anyTrue = results.includes(true);
  const anyFalse = results.includes(false);
  const anyUnknown = results.includes('unknown');
  switch (n.kind) {
    case 'and': // all true
      return anyFalse ? false : anyUnknown ? 'unknown' : true;
    case 'or': // any true
      return anyTrue ? true : anyUnknown ? 'unknown' : false;
    case 'not': // none true
      return anyTrue ? false : anyUnknown ? 'unknown' : true;
    case 'nor': // not all true
      return anyFalse ? true : anyUnknown ? 'unknown' : false;
  }
}
