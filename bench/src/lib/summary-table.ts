import { markdownTable } from './markdown-table.ts';

// The "every benchmark in one table" overview at the top of docs/benchmarks.md. It is built from
// the report's own sections (their first table), so a full run and a partial `--merge` run give
// the same overview of what the file says below it.

const SECTION = /^## (\d+)\. (.+)$/;
const START = '<!-- summary:start -->';
const END = '<!-- summary:end -->';

interface Row {
  readonly section: string;
  readonly cells: readonly string[];
  readonly baselineLabel: string;
}

const cellsOf = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/** Each section's first table: its rows with the baseline's column name. */
function tableRows(lines: readonly string[]): Row[] {
  const rows: Row[] = [];
  let section: string | undefined;
  let header: string[] | undefined;
  let done = false;
  for (const line of lines) {
    const heading = SECTION.exec(line);
    if (heading !== null) {
      section = `${heading[1] ?? ''}. ${heading[2] ?? ''}`;
      header = undefined;
      done = false;
      continue;
    }
    if (section === undefined || done) continue;
    if (!line.startsWith('|')) {
      if (header !== undefined) done = true;
      continue;
    }
    const cells = cellsOf(line);
    if (header === undefined) header = cells;
    else if (!cells.every((c) => /^:?-+:?$/.test(c)))
      rows.push({ section, cells, baselineLabel: header[2] ?? 'baseline' });
  }
  return rows;
}

/** A row measured against another baseline names it: `throughput vs nginx, c=50` → nginx. */
function baselineOf(row: Row): string {
  const named = / vs ([^,]+)/.exec(row.cells[0] ?? '');
  return named?.[1]?.trim() ?? row.baselineLabel;
}

/** Every row with a goal, and the first row of each section without one. */
export function summaryLines(report: string): string[] {
  const rows = tableRows(report.split('\n'));
  const picked: Row[] = [];
  for (const section of new Set(rows.map((r) => r.section))) {
    const own = rows.filter((r) => r.section === section);
    const goals = own.filter((r) => (r.cells[4] ?? '—') !== '—');
    picked.push(...(goals.length > 0 ? goals : own.slice(0, 1)));
  }
  return [
    START,
    '',
    '## Summary',
    '',
    'Every goal of every benchmark below, and the headline number of those without a goal. The ' +
      'sections say how each was measured.',
    '',
    ...markdownTable(
      ['Benchmark', 'Metric', 'Gatehouse', 'Baseline', 'Ratio', 'Goal', 'Met'],
      picked.map((r) => [
        r.section,
        r.cells[0] ?? '',
        r.cells[1] ?? '',
        (r.cells[2] ?? '—') === '—' ? '—' : `${r.cells[2] ?? ''} (${baselineOf(r)})`,
        r.cells[3] ?? '',
        r.cells[4] ?? '',
        r.cells[5] ?? '',
      ]),
      { numeric: false },
    ),
    '',
    END,
  ];
}

/**
 * The report with its summary table (re)written just before the first numbered section, or
 * in place of the previous one.
 */
export function withSummary(report: string): string {
  const lines = report.split('\n');
  const start = lines.indexOf(START);
  const end = lines.indexOf(END);
  const body =
    start !== -1 && end > start ? [...lines.slice(0, start), ...lines.slice(end + 2)] : lines;
  const first = body.findIndex((l) => SECTION.test(l));
  if (first === -1) return report;
  const summary = summaryLines(body.join('\n'));
  return [...body.slice(0, first), ...summary, '', ...body.slice(first)].join('\n');
}
