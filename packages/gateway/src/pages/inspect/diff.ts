/** One line of a line diff: kept, only in the original (`-`), only in the replay (`+`). */
export interface DiffLine {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

/** Above this many lines per side, the diff is not computed (O(n·m) memory). */
const MAX_LINES = 2000;

/**
 * A line diff by longest common subsequence: what changed between the original answer and the
 * replay's. Sides longer than MAX_LINES are shown whole as removed/added instead.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return [
      ...a.map((text): DiffLine => ({ op: '-', text })),
      ...b.map((text): DiffLine => ({ op: '+', text })),
    ];
  }
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i -= 1) {
    const row = lcs[i] ?? [];
    const below = lcs[i + 1] ?? [];
    for (let j = b.length - 1; j >= 0; j -= 1) {
      row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] ?? '' });
      i += 1;
      j += 1;
    } else if ((lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0)) {
      out.push({ op: '-', text: a[i] ?? '' });
      i += 1;
    } else {
      out.push({ op: '+', text: b[j] ?? '' });
      j += 1;
    }
  }
  for (; i < a.length; i += 1) out.push({ op: '-', text: a[i] ?? '' });
  for (; j < b.length; j += 1) out.push({ op: '+', text: b[j] ?? '' });
  return out;
}
