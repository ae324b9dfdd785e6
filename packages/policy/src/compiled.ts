import type { Evaluator } from './criteria/criterion.ts';

export type Operator = 'and' | 'or' | 'not' | 'nor';

export interface CriterionNode {
  readonly kind: 'criterion';
  readonly path: string;
  readonly name: string;
  readonly evaluate: Evaluator;
}

export interface BlockNode {
  readonly kind: Operator;
  readonly children: readonly Node[];
}

export type Node = CriterionNode | BlockNode;

/**
 * A compiled policy: every operator block of every `allow` rule, and of every `deny` rule.
 * Built once by compilePolicy; evaluate() only walks it.
 */
export interface CompiledPolicy {
  readonly allow: readonly BlockNode[];
  readonly deny: readonly BlockNode[];
  /** The same blocks in policy order, each with its action: evaluate() walks these. */
  readonly blocks: readonly RuleBlock[];
}

export interface RuleBlock {
  readonly action: 'allow' | 'deny';
  readonly block: BlockNode;
}
