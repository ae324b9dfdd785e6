/**
 * Just enough of the Source Map v3 format (ECMA-426) to say which source file each stretch of a
 * minified bundle came from: the `mappings` string decoded into segments per generated line.
 */

/** One mapping: from generated column `column` on, the code comes from `source`:`line`:`sourceColumn`. */
export interface Segment {
  readonly column: number;
  readonly source: number;
  readonly line: number;
  readonly sourceColumn: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, i) => [char, i]));

/** Base64 VLQ fields of one segment (ECMA-426 §"Mappings structure": 5 bits per digit, sign last). */
function vlqFields(text: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char);
    if (digit === undefined)
      throw new Error(`Invalid base64 VLQ character "${char}" in a source map`);
    value += (digit & 31) * 2 ** shift;
    shift += 5;
    if ((digit & 32) === 0) {
      fields.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

/**
 * Decodes `mappings` into segments per generated line (index 0 = line 1), sorted by column.
 * Segments without a source (one field) are left out: they map to nothing.
 */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  // Every field but the generated column is relative to the previous segment in the whole map.
  let source = 0;
  let line = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(';')) {
    const segments: Segment[] = [];
    let column = 0;
    for (const segmentText of lineText.split(',')) {
      if (segmentText === '') continue;
      const fields = vlqFields(segmentText);
      column += fields[0] ?? 0;
      if (fields.length < 4) continue;
      source += fields[1] ?? 0;
      line += fields[2] ?? 0;
      sourceColumn += fields[3] ?? 0;
      segments.push({ column, source, line, sourceColumn });
    }
    lines.push(segments.sort((a, b) => a.column - b.column));
  }
  return lines;
}

/** The segment covering `column` on a decoded line (the last one starting at or before it). */
export function segmentAt(segments: readonly Segment[], column: number): Segment | undefined {
  let low = 0;
  let high = segments.length - 1;
  let found: Segment | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const segment = segments[mid];
    if (segment === undefined) break;
    if (segment.column <= column) {
      found = segment;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}
