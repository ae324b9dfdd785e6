import { fit, textWidth } from './fit.ts';
import { bold } from './sgr.ts';

export interface Column {
  readonly title: string;
  /** Narrowest useful width. */
  readonly min: number;
  /** Takes a share of the width left over (hostnames, paths, URLs). */
  readonly grow?: boolean;
  readonly align?: 'left' | 'right';
  /** Lower numbers stay longest when the terminal is too narrow for every column. */
  readonly priority: number;
}

export interface Cell {
  /** Plain text (already cleaned); styled after fitting so widths stay exact. */
  readonly text: string;
  readonly style?: (text: string) => string;
}

export interface Table {
  readonly header: string;
  readonly rows: readonly string[];
}

const GAP = 1;

/** Which columns fit in `width`, and how wide each one is (in column order). */
export function columnWidths(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  width: number,
): Map<number, number> {
  const base = columns.map((column, i) => {
    if (column.grow === true) return column.min;
    const natural = Math.max(
      textWidth(column.title),
      ...rows.map((r) => textWidth(r[i]?.text ?? '')),
    );
    return Math.max(column.min, natural);
  });
  const shown = columns.map((_, i) => i);
  const used = (): number =>
    shown.reduce((sum, i) => sum + (base[i] ?? 0), 0) + GAP * (shown.length - 1);
  while (shown.length > 1 && used() > width) {
    const worst = shown.reduce((a, b) =>
      (columns[b]?.priority ?? 0) > (columns[a]?.priority ?? 0) ? b : a,
    );
    shown.splice(shown.indexOf(worst), 1);
  }
  const widths = new Map(shown.map((i) => [i, base[i] ?? 0]));
  const growers = shown.filter((i) => columns[i]?.grow === true);
  let extra = width - used();
  if (extra > 0 && growers.length > 0) {
    const share = Math.floor(extra / growers.length);
    for (const i of growers) widths.set(i, (widths.get(i) ?? 0) + share);
    extra -= share * growers.length;
    const first = growers[0];
    if (first !== undefined) widths.set(first, (widths.get(first) ?? 0) + extra);
  }
  return widths;
}

/** A table cut to `width`: a bold header and one line per row, every line exactly `width` wide. */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  width: number,
): Table {
  const widths = columnWidths(columns, rows, width);
  const line = (cells: readonly Cell[]): string => {
    const parts: string[] = [];
    for (const [i, w] of widths) {
      const cell = cells[i] ?? { text: '' };
      const text = fit(cell.text, Math.min(w, width), columns[i]?.align);
      parts.push(cell.style ? cell.style(text) : text);
    }
    const plainWidth = [...widths.values()].reduce((a, b) => a + b, 0) + GAP * (widths.size - 1);
    return parts.join(' '.repeat(GAP)) + ' '.repeat(Math.max(0, width - plainWidth));
  };
  return {
    header: line(columns.map((c) => ({ text: c.title, style: bold }))),
    rows: rows.map(line),
  };
}
