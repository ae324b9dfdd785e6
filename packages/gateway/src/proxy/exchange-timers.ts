/** The two deadlines of one proxied exchange. */
export interface ExchangeTimers {
  /** Bytes moved in either direction: restart the idle deadline. */
  touch(): void;
  /** Response headers arrived: the header deadline no longer applies. */
  headersArrived(): void;
  clear(): void;
}

/**
 * `timeoutMs` runs until the upstream's response headers, `idleTimeoutMs` until no bytes have
 * moved for that long (SSE streams live as long as they talk). 0 turns either off.
 */
export function startExchangeTimers(
  timeoutMs: number,
  idleTimeoutMs: number,
  onHeaderTimeout: () => void,
  onIdle: () => void,
): ExchangeTimers {
  let header = timeoutMs > 0 ? setTimeout(onHeaderTimeout, timeoutMs) : undefined;
  let idle = idleTimeoutMs > 0 ? setTimeout(onIdle, idleTimeoutMs) : undefined;
  return {
    touch() {
      idle?.refresh();
    },
    headersArrived() {
      clearTimeout(header);
      header = undefined;
    },
    clear() {
      clearTimeout(header);
      clearTimeout(idle);
      header = undefined;
      idle = undefined;
    },
  };
}
