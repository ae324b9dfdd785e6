import type { Row, Unit } from '../benchmark.ts';
import { ratio } from './stats.ts';

/** A value in its unit for tables: rates whole, ms, µs, ns and kB with sensible decimals. */
export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined) return '—';
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'req/s':
    case 'evals/s':
    case 'handshakes/s':
      return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
    case 'ms':
      return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
    case 'µs':
      return `${value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} µs`;
    case 'ns':
      return `${value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} ns`;
    case 'kB':
      return `${value.toFixed(1)} kB`;
  }
}

export function formatRatio(row: Row): string {
  if (row.baseline === undefined) return '—';
  const r = ratio(row.value, row.baseline);
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a';
}

export function formatMet(row: Row): string {
  if (row.goal === undefined) return '—';
  return row.goal.met ? '✅' : '❌';
}
