/** Table cells may not contain a bare `|` or a line break. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/**
 * Monospace width as Prettier counts it: emoji such as ✅ ❌ take two columns. (Our cells hold no
 * East Asian wide text; add it here if they ever do.)
 */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /\p{Emoji_Presentation}/u.test(char) ? 2 : 1;
  return width;
}

/**
 * A GitHub-flavoured markdown table padded the way Prettier formats one, so the generated report
 * passes `prettier --check` unchanged. `numeric`: all columns but the first are right-aligned.
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  { numeric }: { numeric: boolean },
): string[] {
  const right = (i: number) => numeric && i > 0;
  const all = [header, ...rows].map((row) => header.map((_, i) => cell(row[i] ?? '')));
  const widths = header.map((_, i) => Math.max(3, ...all.map((row) => displayWidth(row[i] ?? ''))));
  const line = (row: readonly string[]) =>
    `| ${row
      .map((text, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - displayWidth(text));
        return right(i) ? pad + text : text + pad;
      })
      .join(' | ')} |`;
  const align = widths.map((w, i) => (right(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)));
  const [head = [], ...body] = all;
  return [line(head), `| ${align.join(' | ')} |`, ...body.map(line)];
}
