import type { CompiledPolicy, Node } from './compiled.ts';
import type { PolicyInput } from './input.ts';
import { UNAUTHENTICATED, type CriterionResult, type Decision, type TraceEntry } from './result.ts';

const NONE: readonly string[] = Object.freeze([]);
const EMPTY: CriterionResult = Object.freeze({ value: false, reasons: Object.freeze([]) });

/**
 * Evaluates a compiled policy (PPL semantics, pomerium.md §3.2):
 * - `and`: all true; `or`: any true; `not`: none true (NOR); `nor`: not all true (NAND);
 * - allow = OR of every allow block, deny = OR of every deny block;
 * - a `user-unauthenticated` reason on either side → `login`; else deny wins; else allow;
 *   else deny (nothing allowed it).
 * Never throws: criteria are total and fail closed on missing input.
 */
export function evaluate(policy: CompiledPolicy, input: PolicyInput): Decision {
  const trace: TraceEntry[] = [];
  const allowResults: CriterionResult[] = [];
  const denyResults: CriterionResult[] = [];
  // Blocks in policy order, so the trace is too (a deny rule may come before an allow rule).
  for (const { action, block } of policy.blocks) {
    (action === 'allow' ? allowResults : denyResults).push(node(block, input, trace));
  }
  const allow = any(allowResults);
  const deny = any(denyResults);
  if (allow.reasons.includes(UNAUTHENTICATED) || deny.reasons.includes(UNAUTHENTICATED)) {
    return { outcome: 'login', allow, deny, reasons: [UNAUTHENTICATED], trace };
  }
  if (deny.value) return { outcome: 'deny', allow, deny, reasons: deny.reasons, trace };
  if (allow.value) return { outcome: 'allow', allow, deny, reasons: allow.reasons, trace };
  return { outcome: 'deny', allow, deny, reasons: allow.reasons, trace };
}

function any(results: readonly CriterionResult[]): CriterionResult {
  return results.length === 0 ? EMPTY : combine(results, false, false);
}

function node(n: Node, input: PolicyInput, trace: TraceEntry[]): CriterionResult {
  if (n.kind === 'criterion') {
    const r = n.evaluate(input);
    trace.push({ path: n.path, criterion: n.name, value: r.value, reasons: r.reasons });
    return r;
  }
  // Every child is evaluated (no short-circuit), so the trace and the reasons are complete.
  const children = n.children;
  const results = new Array<CriterionResult>(children.length);
  for (let i = 0; i < children.length; i++) results[i] = node(children[i] as Node, input, trace);
  switch (n.kind) {
    case 'and':
      return combine(results, true, false);
    case 'or':
      return combine(results, false, false);
    case 'not': // none true: invert each, then AND
      return combine(results, true, true);
    case 'nor': // not all true: invert each, then OR
      return combine(results, false, true);
  }
}

/**
 * AND (`all`) or OR of the results, each inverted first when `invert` (reasons unchanged).
 * AND keeps every reason when true, the false ones' reasons when false; OR keeps the true ones'
 * reasons when true, every reason when false (Pomerium's generator). Plain loops: this is the
 * hot path.
 */
function combine(
  results: readonly CriterionResult[],
  all: boolean,
  invert: boolean,
): CriterionResult {
  let value = all;
  for (const r of results) {
    if (r.value !== invert) {
      if (!all) value = true;
    } else if (all) {
      value = false;
    }
  }
  // Which (effective) value contributes reasons: AND-true and OR-false keep every result's.
  const keepAll = all === value;
  const keep = all ? false : true;
  let reasons: readonly string[] | undefined;
  let owned: string[] | undefined;
  for (const r of results) {
    if (!keepAll && (r.value !== invert) !== keep) continue;
    if (reasons === undefined) {
      reasons = r.reasons; // share the first contributor's array until a second one adds to it
      continue;
    }
    for (const reason of r.reasons) {
      if (reasons.includes(reason)) continue;
      if (owned === undefined) reasons = owned = [...reasons];
      owned.push(reason);
    }
  }
  return { value, reasons: reasons ?? NONE };
}
