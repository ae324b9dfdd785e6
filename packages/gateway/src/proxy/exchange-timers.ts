import { Deadline, QuietWatch } from './deadline-sweep.ts';

/**
 * The two deadlines of one proxied exchange: `timeoutMs` runs until the upstream's response
 * headers, `idleTimeoutMs` until no bytes have moved for that long (SSE streams live as long as
 * they talk). 0 turns either off.
 *
 * A class, not an object of closures, and no node timer of its own: an idle event stream keeps
 * this for hours, thousands at once, so its state is two small entries in the proxy's shared
 * deadline sweep (deadline-sweep.ts; a deadline fires up to two ticks late, never early) and
 * marking activity is a field write (issue 18).
 */
export class ExchangeTimers {
  #header: Deadline | undefined;
  #idle: QuietWatch | undefined;

  constructor(
    timeoutMs: number,
    idleTimeoutMs: number,
    onHeaderTimeout: () => void,
    onIdle: () => void,
  ) {
    this.#header = timeoutMs > 0 ? new Deadline(timeoutMs, onHeaderTimeout) : undefined;
    this.#idle = idleTimeoutMs > 0 ? new QuietWatch(idleTimeoutMs, onIdle) : undefined;
  }

  /** Bytes moved in either direction: restart the idle deadline. */
  touch(): void {
    this.#idle?.touch();
  }

  /** Response headers arrived: the header deadline no longer applies. */
  headersArrived(): void {
    this.#header?.cancel();
    this.#header = undefined;
  }

  clear(): void {
    this.#header?.cancel();
    this.#idle?.cancel();
    this.#header = undefined;
    this.#idle = undefined;
  }
}

export function startExchangeTimers(
  timeoutMs: number,
  idleTimeoutMs: number,
  onHeaderTimeout: () => void,
  onIdle: () => void,
): ExchangeTimers {
  return new ExchangeTimers(timeoutMs, idleTimeoutMs, onHeaderTimeout, onIdle);
}
