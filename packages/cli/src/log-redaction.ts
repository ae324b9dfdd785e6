/** Keys whose values never reach a log line, one level below the top (`err.token`, `req.cookie`). */
const SECRET_KEYS = ['authorization', 'cookie', 'password', 'token', 'secret'] as const;
export const CENSOR = '[redacted]';

type Fields = Record<string, unknown>;

/** `value` with the same prototype and properties (an Error keeps its message and stack). */
function copyOf(value: object): Fields {
  return Object.create(
    Object.getPrototypeOf(value) as object | null,
    Object.getOwnPropertyDescriptors(value),
  ) as Fields;
}

/** The nested object with its secret keys censored, or undefined when it holds none. */
function censored(value: object): Fields | undefined {
  let copy: Fields | undefined;
  for (const key of SECRET_KEYS) {
    if ((value as Fields)[key] === undefined) continue;
    copy ??= copyOf(value);
    Object.defineProperty(copy, key, {
      value: CENSOR,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * The log object with `*.authorization`, `*.cookie`, `*.password`, `*.token` and `*.secret`
 * replaced by `[redacted]` (the paths pino's `redact` option was given before), without touching
 * the caller's objects. A line without them, such as the per-request decision line, is returned
 * as it is after one look at each top-level value: pino's generic redaction cost a clone-and-
 * restore per line on the hot path (issue 18).
 */
export function redactSecrets(fields: Fields): Fields {
  let out: Fields | undefined;
  for (const key in fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, key)) continue;
    const value = fields[key];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const safe = censored(value);
    if (safe === undefined) continue;
    out ??= { ...fields };
    out[key] = safe;
  }
  return out ?? fields;
}
