/** Numbers as the panels show them. */

/** `930`, `9.8k`, `12.3M`: short enough for a narrow column, exact below 10,000. */
export function formatBytes(bytes: number): string {
  if (bytes < 10_000) return String(bytes);
  const units = ['k', 'M', 'G', 'T'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)}${units[unit] ?? ''}`;
}

/** `156ms`, `31.0s`, `2m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, Math.floor(ms));
  if (safe < 1000) return `${safe}ms`;
  if (safe < 60_000) return `${(safe / 1000).toFixed(1)}s`;
  const seconds = Math.floor(safe / 1000);
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  }
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** `18:24:26Z`: log times in UTC, as Pomerium shows them. */
export function formatClock(at: number): string {
  return `${new Date(at).toISOString().slice(11, 19)}Z`;
}
