export interface SseEvent {
  /** The event's non-empty lines as text, in order (terminators removed). */
  readonly lines: readonly string[];
  /** The `data` lines joined with LF, as a client dispatches them; undefined when none. */
  readonly data: string | undefined;
}

function fieldName(line: string): string {
  const colon = line.indexOf(':');
  return colon === -1 ? line : line.slice(0, colon);
}

/** Reads an event's fields as a client does (HTML Living Standard §9.2.6). */
export function parseSseEvent(text: string): SseEvent {
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line !== '');
  const data: string[] = [];
  for (const line of lines) {
    if (fieldName(line) !== 'data') continue;
    const colon = line.indexOf(':');
    const value = colon === -1 ? '' : line.slice(colon + 1);
    data.push(value.startsWith(' ') ? value.slice(1) : value);
  }
  return { lines, data: data.length === 0 ? undefined : data.join('\n') };
}

/**
 * The event with its data replaced by `json` on one `data:` line, where the first `data` line
 * was; `id:`, `event:`, `retry:` and comment lines stay as they were.
 */
export function rewriteSseEvent(lines: readonly string[], json: string): Buffer {
  const out: string[] = [];
  let placed = false;
  for (const line of lines) {
    if (fieldName(line) !== 'data') out.push(line);
    else if (!placed) {
      out.push(`data: ${json}`);
      placed = true;
    }
  }
  if (!placed) out.push(`data: ${json}`);
  return Buffer.from(`${out.join('\n')}\n\n`, 'utf8');
}
