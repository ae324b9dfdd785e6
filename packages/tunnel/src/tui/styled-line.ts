import { textWidth, truncate } from './fit.ts';

export interface Segment {
  readonly text: string;
  readonly style?: (text: string) => string;
}

/** Segments laid left to right, cut where the width ends, padded to exactly `width` cells. */
export function styledLine(segments: readonly Segment[], width: number): string {
  let out = '';
  let used = 0;
  for (const segment of segments) {
    if (used >= width) break;
    const text = truncate(segment.text, width - used);
    out += segment.style ? segment.style(text) : text;
    used += textWidth(text);
  }
  return out + ' '.repeat(Math.max(0, width - used));
}
