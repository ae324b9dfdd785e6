import type { LogLineView } from '../session-view.ts';

/** How many (collapsed) log lines the Logs panel keeps, as Pomerium's TUI does. */
export const LOG_SCROLLBACK = 256;

/**
 * Repeats collapsed: consecutive lines with the same level and text become one line whose count
 * is the sum (the server may already have counted some) and whose time is the latest.
 */
export function collapseLogs(lines: readonly LogLineView[]): LogLineView[] {
  const out: LogLineView[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last !== undefined && last.text === line.text && last.level === line.level) {
      out[out.length - 1] = { ...line, count: last.count + Math.max(1, line.count) };
    } else {
      out.push({ ...line, count: Math.max(1, line.count) });
    }
  }
  return out.slice(-LOG_SCROLLBACK);
}
