/**
 * Fitting plain text into terminal cells. Wide lines must never reach the terminal: they wrap and
 * scroll the whole screen (research/spikes.md §3). Callers fit plain text first, then style it.
 */

const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1faff],
  [0x20000, 0x3fffd],
];

const MARK = /^\p{Mark}$/u;

/** Zero-width spaces and joiners, variation selectors. */
function isZeroWidth(code: number): boolean {
  return (code >= 0x200b && code <= 0x200f) || (code >= 0xfe00 && code <= 0xfe0f);
}

/** Terminal cells one code point takes (an approximation of wcwidth, good for our text). */
export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (MARK.test(char) || isZeroWidth(code)) return 0;
  return WIDE.some(([from, to]) => code >= from && code <= to) ? 2 : 1;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** Cut `text` to at most `width` cells, ending with `…` when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (textWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

/** Exactly `width` cells: truncated, then padded with spaces on the right (or left). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const pad = ' '.repeat(Math.max(0, width - textWidth(cut)));
  return align === 'left' ? cut + pad : pad + cut;
}

/**
 * `text` broken into lines of at most `width` cells: at spaces where possible, inside a word
 * only when the word alone is wider than a line. Nothing is cut off.
 */
export function wrap(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const push = (): void => {
    lines.push(line.trimEnd());
    line = '';
    used = 0;
  };
  for (const word of text.split(/(?<= )/)) {
    const w = textWidth(word);
    const bare = textWidth(word.trimEnd());
    if (used > 0 && used + bare > width) push();
    if (w <= width - used || bare <= width - used) {
      line += word;
      used += w;
      continue;
    }
    for (const char of word) {
      const cw = charWidth(char);
      if (used + cw > width) push();
      line += char;
      used += cw;
    }
  }
  if (line.trimEnd() !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}
