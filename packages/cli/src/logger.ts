import pino from 'pino';
import type { Logger } from '@gatehouse/core';
import { BatchedLogDestination } from './log-destination.ts';
import { redactSecrets } from './log-redaction.ts';

export interface ClosableLogger extends Logger {
  /** Writes out what is buffered; call before the process exits. */
  flush(): void;
}

/**
 * JSON logs to stdout. The gateway writes a decision line per request, so lines are buffered
 * (16 KiB, or at most one second; log-destination.ts) instead of one write(2) each; `flush()`
 * runs at shutdown. A reader that went away (EPIPE) must not take the gateway down: write
 * errors are dropped, not thrown.
 * Paths that could carry secrets are redacted as a second line of defence; our code never
 * logs them in the first place.
 */
export function createLogger(level: string): ClosableLogger {
  const destination = new BatchedLogDestination(1);
  // A quiet gateway must not sit on its last lines: write out at least once a second.
  setInterval(() => destination.flush(), 1_000).unref();
  // A process.exit() (a second Ctrl-C) leaves no event loop to finish the batch on.
  process.once('exit', () => destination.flushSync());
  const logger = pino(
    {
      level,
      base: null,
      // Not pino's `redact`: the same paths, checked without a clone per line (log-redaction.ts).
      formatters: { log: redactSecrets, bindings: redactSecrets },
    },
    destination,
  );
  return Object.assign(logger, {
    flush: () => destination.flushSync(),
    infoFields,
  });
}

const INFO = 30;
const { chindingsSym, lsCacheSym, streamSym, timeSym } = pino.symbols;

/**
 * `info(object, msg)` for an object already serialized (core Logger `infoFields`), without
 * pino's generic per-field serializer (issue 18, ADR 0020): the same bytes as pino's own line —
 * its level prefix, time and the child's bindings from pino's own state, then the fields, then
 * `msg` — written to the same destination. Children inherit it (pino builds a child with
 * `Object.create(parent)`), so `this` is whichever logger it is called on. The redaction
 * formatter is not applied: callers pass fields that need none (ids, codes, numbers).
 */
function infoFields(this: pino.Logger, fields: string, msg: string): void {
  if (this.levelVal > INFO) return;
  // pino's own state (pino.symbols): the level prefix, the time, the bindings, the destination.
  const own = this as unknown as Record<symbol, unknown>;
  const prefix = (own[lsCacheSym] as Readonly<Record<number, string>>)[INFO] ?? '';
  const time = (own[timeSym] as () => string)();
  const bindings = own[chindingsSym] as string;
  const stream = own[streamSym] as { write(line: string): unknown };
  stream.write(`${prefix}${time}${bindings},${fields},"msg":${JSON.stringify(msg)}}\n`);
}
