/**
 * Prometheus text exposition format 0.0.4 helpers
 * (https://prometheus.io/docs/instrumenting/exposition_formats/).
 */

export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Label values escape `\`, `"` and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes `\` and line feed (not `"`). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Sample values: Go float syntax, with `+Inf`, `-Inf` and `NaN` spelt as Prometheus expects. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** `name{a="x",b="y"} value`. */
export function sample(
  name: string,
  labels: ReadonlyArray<readonly [string, string]>,
  value: number,
): string {
  const body = labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');
  return `${name}${body === '' ? '' : `{${body}}`} ${formatValue(value)}`;
}

/** The `# HELP` and `# TYPE` lines that precede a metric family. */
export function header(
  name: string,
  type: 'counter' | 'gauge' | 'histogram',
  help: string,
): string[] {
  return [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`];
}
