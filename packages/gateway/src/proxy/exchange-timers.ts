/**
 * The two deadlines of one proxied exchange: `timeoutMs` runs until the upstream's response
 * headers, `idleTimeoutMs` until no bytes have moved for that long (SSE streams live as long as
 * they talk). 0 turns either off.
 *
 * A class, not an object of closures: an idle event stream keeps this for hours, thousands at
 * once, so its state is two fields and its steps are shared prototype methods (issue 18).
 */
export class ExchangeTimers {
  #header: NodeJS.Timeout | undefined;
  #idle: NodeJS.Timeout | undefined;

  constructor(
    timeoutMs: number,
    idleTimeoutMs: number,
    onHeaderTimeout: () => void,
    onIdle: () => void,
  ) {
    this.#header = timeoutMs > 0 ? setTimeout(onHeaderTimeout, timeoutMs) : undefined;
    this.#idle = idleTimeoutMs > 0 ? setTimeout(onIdle, idleTimeoutMs) : undefined;
  }

  /** Bytes moved in either direction: restart the idle deadline. */
  touch(): void {
    this.#idle?.refresh();
  }

  /** Response headers arrived: the header deadline no longer applies. */
  headersArrived(): void {
    clearTimeout(this.#header);
    this.#header = undefined;
  }

  clear(): void {
    clearTimeout(this.#header);
    clearTimeout(this.#idle);
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
