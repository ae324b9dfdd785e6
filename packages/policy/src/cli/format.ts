import type { Decision } from '../result.ts';

/** The human report of `gatehouse-policy test`. */
export function formatDecision(decision: Decision): string {
  const list = (reasons: readonly string[]) => (reasons.length === 0 ? '—' : reasons.join(', '));
  const width = Math.max(0, ...decision.trace.map((t) => t.path.length));
  const lines = [
    `outcome: ${decision.outcome}`,
    `reasons: ${list(decision.reasons)}`,
    `allow:   ${String(decision.allow.value).padEnd(5)}  ${list(decision.allow.reasons)}`,
    `deny:    ${String(decision.deny.value).padEnd(5)}  ${list(decision.deny.reasons)}`,
    '',
    'trace:',
    ...(decision.trace.length === 0
      ? ['  (no criteria: the policy has no rules, so nothing is allowed)']
      : decision.trace.map(
          (t) => `  ${t.value ? '✓' : '✗'} ${t.path.padEnd(width)}  ${list(t.reasons)}`,
        )),
  ];
  return `${lines.join('\n')}\n`;
}
