/**
 * The logging port. pino satisfies it structurally; libraries accept a Logger and never
 * create one. Log objects must never carry a token, cookie, code, secret or Authorization value.
 */
export interface LogFn {
  (obj: Record<string, unknown>, msg?: string): void;
  (msg: string): void;
}

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
  /**
   * Optional fast path for a hot line of fixed shape (the per-request decision line): writes
   * the `info` line `msg` whose own fields are `fields`, given already as JSON members
   * (`"a":1,"b":"x"`, no braces), exactly as `info(object, msg)` would write that object. Only
   * for fields that need no redaction. Without it, callers use `info`.
   */
  infoFields?(fields: string, msg: string): void;
}

const noop: LogFn = () => {};

/** A logger that drops everything: a safe default for libraries and tests that do not read logs. */
export const silentLogger: Logger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
};
