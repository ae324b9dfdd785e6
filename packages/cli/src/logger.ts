import pino from 'pino';
import type { Logger } from '@gatehouse/core';

/**
 * JSON logs to stdout with a synchronous destination: an async one lost lines and hung on EPIPE
 * when the reader went away. Paths that could carry secrets are redacted as a second line of
 * defence; our code never logs them in the first place.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: null,
      redact: {
        paths: ['*.authorization', '*.cookie', '*.password', '*.token', '*.secret'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 1, sync: true }),
  );
}
