/**
 * One shared interval per tick length checks every open exchange's deadlines, instead of one
 * node timer per exchange and deadline. An idle event stream keeps its deadlines for hours,
 * thousands at once; a node Timeout is ~130 bytes of heap plus its list links and its callback,
 * an entry here is a slot in a Set (issue 18: memory per idle stream). Marking activity is a
 * field write, not a timer refresh.
 *
 * The price is precision: a deadline fires up to two ticks late, never early, and a tick is at
 * most an eighth of the shortest period in its wheel (so ≤ 25% late), at most 1 s.
 */

/** Something with a deadline: `check` runs on every tick of its wheel. */
export interface Swept {
  check(now: number): void;
}

const MAX_TICK_MS = 1_000;
const TICKS_PER_PERIOD = 8;

/** Powers of two, so periods share few wheels (11 at most from 1 ms to 1 s). */
export function tickFor(periodMs: number): number {
  const wanted = Math.min(MAX_TICK_MS, Math.max(1, periodMs / TICKS_PER_PERIOD));
  return Math.min(MAX_TICK_MS, 2 ** Math.floor(Math.log2(wanted)));
}

class Wheel {
  readonly entries = new Set<Swept>();
  readonly tickMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(tickMs: number) {
    this.tickMs = tickMs;
  }

  add(entry: Swept): void {
    this.entries.add(entry);
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(sweep, this.tickMs, this);
    // Deadlines never keep the process alive: the sockets they watch do, while they are open.
    this.#timer.unref();
  }

  sweep(): void {
    // Stopped on the first tick that finds nothing to do, so a steady trickle of short
    // exchanges does not create and clear an interval each.
    if (this.entries.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    const now = performance.now();
    // An entry may remove itself (or others) while this runs; a Set iterates safely then.
    for (const entry of this.entries) entry.check(now);
  }
}

/** The interval's callback: one shared function, the wheel as its argument. */
function sweep(wheel: Wheel): void {
  wheel.sweep();
}

const wheels = new Map<number, Wheel>();

function wheelFor(periodMs: number): Wheel {
  const tickMs = tickFor(periodMs);
  let wheel = wheels.get(tickMs);
  if (wheel === undefined) {
    wheel = new Wheel(tickMs);
    wheels.set(tickMs, wheel);
  }
  return wheel;
}

/** Checks `entry` on every tick until `unwatch`; `periodMs` picks the tick length. */
export function watch(entry: Swept, periodMs: number): void {
  wheelFor(periodMs).add(entry);
}

export function unwatch(entry: Swept, periodMs: number): void {
  wheels.get(tickFor(periodMs))?.entries.delete(entry);
}

/** Entries being watched now, over all wheels (tests: nothing may be left behind). */
export function watchedCount(): number {
  let n = 0;
  for (const wheel of wheels.values()) n += wheel.entries.size;
  return n;
}

/** Calls `onDue` once, `periodMs` after it was made (up to two ticks later). */
export class Deadline implements Swept {
  readonly #periodMs: number;
  readonly #dueAt: number;
  #onDue: (() => void) | undefined;

  constructor(periodMs: number, onDue: () => void) {
    this.#periodMs = periodMs;
    this.#dueAt = performance.now() + periodMs;
    this.#onDue = onDue;
    watch(this, periodMs);
  }

  check(now: number): void {
    if (now < this.#dueAt) return;
    const onDue = this.#onDue;
    this.cancel();
    onDue?.();
  }

  cancel(): void {
    unwatch(this, this.#periodMs);
    this.#onDue = undefined;
  }
}

/**
 * Calls `onQuiet` once no activity was marked for `periodMs` (then stops). Activity is seen at
 * the next tick, so the quiet time counts from then: `onQuiet` comes at least `periodMs` after
 * the last activity, at most two ticks later than that.
 */
export class QuietWatch implements Swept {
  readonly #periodMs: number;
  #quietSince: number;
  #active = false;
  #onQuiet: (() => void) | undefined;

  constructor(periodMs: number, onQuiet: () => void) {
    this.#periodMs = periodMs;
    this.#quietSince = performance.now();
    this.#onQuiet = onQuiet;
    watch(this, periodMs);
  }

  /** Bytes moved: restart the quiet period. */
  touch(): void {
    this.#active = true;
  }

  check(now: number): void {
    if (this.#active) {
      this.#active = false;
      this.#quietSince = now;
      return;
    }
    if (now - this.#quietSince < this.#periodMs) return;
    const onQuiet = this.#onQuiet;
    this.cancel();
    onQuiet?.();
  }

  cancel(): void {
    unwatch(this, this.#periodMs);
    this.#onQuiet = undefined;
  }
}
