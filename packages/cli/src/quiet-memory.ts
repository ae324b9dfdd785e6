import { PerformanceObserver, constants } from 'node:perf_hooks';
import v8 from 'node:v8';
import { semiSpaceBytes } from './young-generation.ts';

/**
 * V8 gives memory back to the system only in a "memory-reducing" collection: its pages stay
 * otherwise, however empty. A burst of connections grows the young generation to its cap
 * (young-generation.ts) and V8 keeps the pages pooled — ~27 MB an idle gateway with thousands of
 * open event streams holds for hours (ADR 0022). V8's own memory reducer would release them, but
 * it starts its collection only when the allocation rate is low by its measure, which the
 * keep-alive traffic of idle streams never is: traced, it waited 8 s at a time for 100 s and more
 * ("high alloc") at 2,000 idle streams.
 *
 * So this watches the process's own allocation, estimated as young-generation collections × the
 * semi-space's size (each scavenge follows about one semi-space of allocation), and once it has
 * been quiet for a whole minute turns on V8's `--memory-saver-mode`: the memory reducer then runs its incremental,
 * memory-reducing collections (pauses of a few ms each) within its next 8 s tick, V8 shrinks the
 * young generation and returns the pooled pages. Busy again, the mode goes off at the first
 * collection that shows it, so request traffic runs with V8's usual sizing. Bytecode flushing is
 * off while saving: a memory-reducing collection would otherwise drop the bytecode of every
 * function not running, and the first seconds of traffic after each quiet spell would compile
 * the request path again (ADR 0022).
 */
/**
 * A minute, not less: each quiet spell's release costs the next burst of requests its first
 * seconds at a higher CPU per request (V8 shrank the young generation; measured in ADR 0022), so
 * the gaps of a few seconds to tens of seconds between bursts of ordinary traffic — and between
 * the rounds of `bench/` — must not count as quiet.
 */
export const QUIET_WINDOW_MS = 60_000;
/** The window slides in this many steps (a tick every 10 s by default). */
const TICKS_PER_WINDOW = 6;
/** Below this estimated allocation rate a window counts as quiet (V8's own "low" is 1 MB/s). */
export const QUIET_BYTES_PER_SECOND = 4 * 1024 * 1024;

/** Node options with which the operator chose how V8 saves memory: then they decide. */
const MEMORY_FLAGS = /--(?:no-)?(?:memory-saver-mode|memory-reducer|optimize-for-size)\b/;

export interface QuietMemory {
  /** Whether V8's memory saver mode is on now (the process was quiet in the last window). */
  readonly saving: boolean;
  /** Stops watching; the mode goes back to V8's default. */
  stop(): void;
}

/**
 * Turns V8's memory saver mode on once the process has allocated less than
 * QUIET_BYTES_PER_SECOND throughout the last `windowMs` (in steps of a sixth of it), off as soon
 * as it allocates faster. Returns undefined, changing nothing,
 * when the process was started with its own memory-saving flags (`execArgv`, `NODE_OPTIONS`).
 */
export function releaseMemoryWhenQuiet(options: {
  readonly execArgv: readonly string[];
  readonly nodeOptions: string | undefined;
  readonly windowMs?: number;
}): QuietMemory | undefined {
  const chosen = [...options.execArgv, options.nodeOptions ?? ''];
  if (chosen.some((arg) => MEMORY_FLAGS.test(arg))) return undefined;
  const windowMs = options.windowMs ?? QUIET_WINDOW_MS;
  const tickMs = windowMs / TICKS_PER_WINDOW;
  const quietTickBytes = (QUIET_BYTES_PER_SECOND * tickMs) / 1000;
  let saving = false;
  /** Estimated bytes allocated since the last tick. */
  let allocated = 0;
  /** Ticks in a row whose allocation was quiet. */
  let quietTicks = 0;
  const setSaving = (on: boolean): void => {
    if (on === saving) return;
    saving = on;
    v8.setFlagsFromString(on ? '--memory-saver-mode' : '--no-memory-saver-mode');
    v8.setFlagsFromString(on ? '--no-flush-bytecode' : '--flush-bytecode');
  };
  /** When the last young-generation collection began (performance.now() time). */
  let lastYoungAt = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // Node puts the kind in `detail` (the types here do not declare it).
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind !== constants.NODE_PERFORMANCE_GC_MINOR) continue;
      const semiSpace = semiSpaceBytes();
      allocated += semiSpace;
      // Busy again: a semi-space filled faster than a quiet process allocates. Off at once, not
      // at the window's end: in saver mode V8 keeps the young generation small, so a request
      // burst would promote its short-lived objects and pay for full collections.
      const seconds = (entry.startTime - lastYoungAt) / 1000;
      lastYoungAt = entry.startTime;
      if (saving && semiSpace > QUIET_BYTES_PER_SECOND * seconds) {
        quietTicks = 0;
        setSaving(false);
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const tick = setInterval(() => {
    quietTicks = allocated <= quietTickBytes ? quietTicks + 1 : 0;
    allocated = 0;
    setSaving(quietTicks >= TICKS_PER_WINDOW);
  }, tickMs);
  tick.unref();
  return {
    get saving() {
      return saving;
    },
    stop() {
      clearInterval(tick);
      observer.disconnect();
      setSaving(false);
    },
  };
}
