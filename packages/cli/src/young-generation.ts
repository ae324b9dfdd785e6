import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

/**
 * V8's young generation (two "semi-spaces") grows by doubling while many allocations survive,
 * which is what thousands of connections arriving at once look like. Node 24 lets each
 * semi-space grow to 64 MB and keeps the pages once the burst is over: ~96 MB more resident
 * memory for a gateway holding idle event streams, ~7 kB per stream at 10,000 streams
 * (docs/benchmarks.md section 9, issue 18). Node 20 capped it at 16 MB.
 *
 * `--max-semi-space-size` is read once, when V8 sets up its heap: `v8.setFlagsFromString` has no
 * effect on it later, and `node main.ts serve` in a systemd unit passes no flag. What V8 does
 * read on every growth is `--semi-space-growth-factor`, so this watches the young generation
 * after each garbage collection and turns growth off (factor 1) once a semi-space has reached
 * the cap, and on again (V8's default factor 2) if V8 shrank it below the cap while idle.
 */
export const SEMI_SPACE_CAP_MB = 16;
/**
 * `gatehouse serve`'s cap until it is up: V8's initial semi-space (512 KB on 64-bit), so the young
 * generation does not grow at all while the modules load — a cap above it would not hold there:
 * loading the static module graph is one long task, and the observer below runs only between
 * tasks. Without it start-up grows a semi-space to the full cap, ~11 MB of resident memory an
 * idle gateway keeps (ADR 0019). `endStartUpCap()` raises it to SEMI_SPACE_CAP_MB once the
 * server listens.
 */
export const START_UP_CAP_MB = 0.5;
const V8_DEFAULT_GROWTH_FACTOR = 2;
const MB = 1024 * 1024;

/** Node options that size the young generation: with any of them, the operator decides. */
const YOUNG_GENERATION_FLAGS = /--(?:max-semi-space-size|semi-space-growth-factor|max-heap-size)\b/;

/** The running cap's setter, while one is installed. */
let setActiveCap: ((capMb: number) => void) | undefined;

/** Start-up is over: the young generation may grow to SEMI_SPACE_CAP_MB (no-op without a cap). */
export function endStartUpCap(): void {
  setActiveCap?.(SEMI_SPACE_CAP_MB);
}

export interface YoungGenerationCap {
  /** Moves the cap (a semi-space already past it stays; growth stops). */
  setCap(capMb: number): void;
  /** Stops watching and gives V8 its default growth back. */
  stop(): void;
}

/** The size of one semi-space now: V8 reports the new space as both semi-spaces together. */
export function semiSpaceBytes(): number {
  const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return (space?.space_size ?? 0) / 2;
}

/**
 * Caps each semi-space at about `capMb` (the next doubling at or past it, so 16 MB exactly when
 * V8 starts at 1 MB), unless the process was started with its own young-generation flags
 * (`execArgv` and `NODE_OPTIONS`); then it returns undefined and changes nothing.
 */
export function capYoungGeneration(options: {
  readonly execArgv: readonly string[];
  readonly nodeOptions: string | undefined;
  readonly capMb?: number;
}): YoungGenerationCap | undefined {
  const chosen = [...options.execArgv, options.nodeOptions ?? ''];
  if (chosen.some((arg) => YOUNG_GENERATION_FLAGS.test(arg))) return undefined;
  let capBytes = (options.capMb ?? SEMI_SPACE_CAP_MB) * MB;
  let growing = true;
  const check = (): void => {
    const atCap = semiSpaceBytes() >= capBytes;
    if (atCap !== growing) return;
    growing = !atCap;
    v8.setFlagsFromString(`--semi-space-growth-factor=${growing ? V8_DEFAULT_GROWTH_FACTOR : 1}`);
  };
  // One entry per collection, delivered shortly after it (V8 resizes the new space at the end
  // of a collection): a growth is seen before the next one unless two collections fall into
  // one long synchronous task, which then leaves the cap one doubling higher. So does a full
  // collection under load: while it marks, V8 lets the new space run past its size, and it may
  // end the collection keeping 32 MB (seen in packages/cli/test/serve-caps-young-generation.test.ts).
  // One step past the cap, never Node 24's 64 MB: what the tests and docs/production.md promise.
  const observer = new PerformanceObserver(check);
  observer.observe({ entryTypes: ['gc'] });
  check();
  const setCap = (capMb: number): void => {
    capBytes = capMb * MB;
    check();
  };
  setActiveCap = setCap;
  return {
    setCap,
    stop() {
      if (setActiveCap === setCap) setActiveCap = undefined;
      observer.disconnect();
      if (!growing) v8.setFlagsFromString(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH_FACTOR}`);
      growing = true;
    },
  };
}
