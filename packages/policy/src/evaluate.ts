import type { CompiledPolicy, Node } from './compiled.ts';
import type { PolicyInput } from './input.ts';
import { UNAUTHENTICATED, type CriterionResult, type Decision, type TraceEntry } from './result.ts';

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
  return results.length === 0 ? EMPTY : combine(results, 'or');
}

function node(n: Node, input: PolicyInput, trace: TraceEntry[]): CriterionResult {
  if (n.kind === 'criterion') {
    const r = n.evaluate(input);
    trace.push({ path: n.path, criterion: n.name, value: r.value, reasons: r.reasons });
    return r;
  }
  // Every child is evaluated (no short-circuit), so the trace and the reasons are complete.
  const results = n.children.map((child) => node(child, input, trace));
  switch (n.kind) {
    case 'and':
      return combine(results, 'and');
    case 'or':
      return combine(results, 'or');
    case 'not':
      return combine(results.map(invert), 'and');
    case 'nor':
      return combine(results.map(invert), 'or');
  }
}

function invert(r: CriterionResult): CriterionResult {
  return { value: !r.value, reasons: r.reasons };
}

/**
 * `and` keeps every reason when true, the false ones' reasons when false; `or` keeps the true
 * ones' reasons when true, every reason when false (Pomerium's generator).
 */
function combine(results: readonly CriterionResult[], op: 'and' | 'or'): CriterionResult {
  const value = op === 'and' ? results.every((r) => r.value) : results.some((r) => r.value);
  const keep = op === 'and' ? (value ? undefined : false) : value ? true : undefined;
  const reasons: string[] = [];
  for (const r of results) {
    if (keep !== undefined && r.value !== keep) continue;
    for (const reason of r.reasons) if (!reasons.includes(reason)) reasons.push(reason);
  }
  return { value, reasons };
}
