import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../lib/mcp-lists.ts';
import { appendEntry, type LogEntry, type Logger } from '../lib/message-log.ts';

/** Runs `run` as the MCP request `method`, logging the request and its answer. */
export type LoggedRequest = <T>(
  method: string,
  params: unknown,
  run: () => Promise<T>,
) => Promise<T>;

/** The message log: its entries, a logger, and MCP requests that log themselves. */
export function useMessageLog(): {
  readonly log: readonly LogEntry[];
  readonly logMessage: Logger;
  readonly request: LoggedRequest;
} {
  const [log, setLog] = useState<readonly LogEntry[]>([]);
  const nextId = useRef(0);
  const logMessage: Logger = useCallback((direction, message, note) => {
    const id = nextId.current++;
    setLog((entries) =>
      appendEntry(entries, { id, direction, message, ...(note === undefined ? {} : { note }) }),
    );
  }, []);
  const request: LoggedRequest = useCallback(
    async <T>(method: string, params: unknown, run: () => Promise<T>): Promise<T> => {
      logMessage('host→server', { method, params });
      try {
        const result = await run();
        logMessage('server→host', result, method);
        return result;
      } catch (error) {
        logMessage('server→host', { error: errorMessage(error) }, method);
        throw error;
      }
    },
    [logMessage],
  );
  return { log, logMessage, request };
}
