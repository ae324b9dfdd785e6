import type { Machine } from './machine.ts';
import { renderReport, type ReportInput } from './report.ts';

// `node bench/src/run.ts <ids> --merge`: rewrite only the sections of the benchmarks that ran
// and keep every other section of docs/benchmarks.md (its numbers, date and machine) as it is.

const SECTION = /^## (\d+)\. (.+)$/;

interface Section {
  readonly title: string;
  /** The lines after the heading, up to the next section. */
  readonly body: readonly string[];
}

/** The file split at its numbered `## N. title` headings: what comes before, then sections. */
function split(text: string): { head: string[]; sections: Section[] } {
  const head: string[] = [];
  const sections: { title: string; body: string[] }[] = [];
  for (const line of text.split('\n')) {
    const heading = SECTION.exec(line);
    if (heading !== null) sections.push({ title: heading[2] ?? '', body: [] });
    else (sections.at(-1)?.body ?? head).push(line);
  }
  return { head, sections };
}

function stamp(date: Date, machine: Machine, ids: readonly string[]): string {
  const when = date.toISOString().replace('T', ' ').slice(0, 16);
  return (
    `_Measured ${when} UTC in a partial run (\`node bench/src/run.ts ${ids.join(' ')} --merge\`) ` +
    `on ${machine.cpu}, ${machine.cores} cores, Node.js ${machine.node}, load average ` +
    `${machine.loadAverage.toFixed(2)}; the other sections are from the run above._`
  );
}

/**
 * `existing` with the sections of `input.outcomes` replaced (same title) or appended, numbered
 * again in order. Each rewritten section carries its own date and machine line; the header,
 * the machine table and every other section keep the full run's text. Without an existing
 * report (or with one we cannot read as sections), renders a fresh one.
 */
export function mergeReport(
  existing: string | undefined,
  input: ReportInput,
  ids: readonly string[],
): string {
  const fresh = split(renderReport(input));
  const old = existing === undefined ? undefined : split(existing);
  if (old === undefined || old.sections.length === 0) return renderReport(input);
  const replaced = new Map(
    fresh.sections.map((s) => {
      const [blank = '', ...rest] = s.body;
      return [
        s.title,
        { title: s.title, body: [blank, stamp(input.date, input.machine, ids), '', ...rest] },
      ];
    }),
  );
  const merged = old.sections.map((s) => replaced.get(s.title) ?? s);
  for (const s of replaced.values())
    if (!old.sections.some((o) => o.title === s.title)) merged.push(s);
  const lines = [...old.head];
  merged.forEach((s, i) => lines.push(`## ${i + 1}. ${s.title}`, ...s.body));
  return lines.join('\n');
}
