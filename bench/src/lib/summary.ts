import type { Outcome } from '../outcome.ts';
import { formatMet, formatRatio, formatValue } from './format.ts';

/** The console version of the report: one line per row, failures spelled out. */
export function renderSummary(outcomes: readonly Outcome[]): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    lines.push(`${outcome.benchmark.title} (${outcome.seconds.toFixed(0)} s)`);
    if ('error' in outcome) {
      lines.push(`  FAILED: ${outcome.error.message.split('\n')[0] ?? ''}`);
      continue;
    }
    for (const row of outcome.result.rows) {
      const goal = row.goal === undefined ? '' : `  goal ${row.goal.text} ${formatMet(row)}`;
      lines.push(
        `  ${row.metric.padEnd(24)} ${formatValue(row.value, row.unit).padStart(14)}` +
          `  vs ${formatValue(row.baseline, row.unit).padStart(14)}  ${formatRatio(row).padStart(6)}${goal}`,
      );
    }
  }
  return lines.join('\n');
}
