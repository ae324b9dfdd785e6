/** Who sent a logged message to whom. "rejected" marks postMessage data that was dropped. */
export type Direction =
  | 'host→view'
  | 'view→host'
  | 'host→proxy'
  | 'proxy→host'
  | 'host→server'
  | 'server→host'
  | 'rejected';

export interface LogEntry {
  readonly id: number;
  readonly direction: Direction;
  readonly message: unknown;
  /** Why a message was rejected, or which call a server answer belongs to. */
  readonly note?: string;
}

export type Logger = (direction: Direction, message: unknown, note?: string) => void;

/** Keep the page responsive when a view floods the log. */
export const MAX_LOG_ENTRIES = 2000;

export function appendEntry(entries: readonly LogEntry[], entry: LogEntry): LogEntry[] {
  const next = [...entries, entry];
  return next.length > MAX_LOG_ENTRIES ? next.slice(next.length - MAX_LOG_ENTRIES) : next;
}

/** Long strings (the view's HTML in resources/read and sandbox-resource-ready) are cut. */
export const MAX_SHOWN_STRING = 1000;

function shortenStrings(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || value.length <= MAX_SHOWN_STRING) return value;
  return `${value.slice(0, MAX_SHOWN_STRING)}… (${value.length - MAX_SHOWN_STRING} more characters)`;
}

/**
 * The entry as shown in the log: JSON with its direction, long strings cut.
 * Unserialisable data is described instead.
 */
export function formatEntry(entry: LogEntry): string {
  const shown = { direction: entry.direction, ...(entry.note ? { note: entry.note } : {}) };
  try {
    return JSON.stringify({ ...shown, message: entry.message }, shortenStrings, 2);
  } catch {
    return JSON.stringify(
      { ...shown, message: `[unserialisable ${typeof entry.message}]` },
      null,
      2,
    );
  }
}

/** Case-insensitive substring filter over the formatted entry; newest stays last. */
export function filterEntries(entries: readonly LogEntry[], filter: string): LogEntry[] {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return [...entries];
  return entries.filter((entry) => formatEntry(entry).toLowerCase().includes(needle));
}
