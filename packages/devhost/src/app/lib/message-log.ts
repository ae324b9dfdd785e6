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

/** The entry as shown in the log: JSON with its direction. Unserialisable data is described. */
export function formatEntry(entry: LogEntry): string {
  const shown = { direction: entry.direction, ...(entry.note ? { note: entry.note } : {}) };
  try {
    return JSON.stringify({ ...shown, message: entry.message }, null, 2);
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
