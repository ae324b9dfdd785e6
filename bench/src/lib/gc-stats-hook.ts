import { renameSync, writeFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

// Preloaded into a server under test with `node --import <this file>` (see gc-stats.ts). Counts
// its garbage collections (perf_hooks 'gc' entries: kind 1 = young generation) and, on SIGWINCH,
// writes the totals so far and the young generation's semi-space size atomically to
// BENCH_GC_STATS_OUT. SIGWINCH: nothing else in a server uses it; idle, this costs one observer.

const out = process.env['BENCH_GC_STATS_OUT'];
if (out !== undefined && out !== '') {
  const MINOR = 1;
  let minor = 0;
  let major = 0;
  let ms = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // Node puts the kind in `detail` (the types here do not declare it).
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === MINOR) minor += 1;
      else major += 1;
      ms += entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('SIGWINCH', () => {
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    const semiSpaceMB = (young?.space_size ?? 0) / 2 / 1024 / 1024;
    writeFileSync(`${out}.tmp`, JSON.stringify({ minor, major, ms, semiSpaceMB, at: Date.now() }));
    renameSync(`${out}.tmp`, out);
  });
}
