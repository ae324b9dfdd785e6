import type { McpExchangeSummary } from '@gatehouse/core';
import { useEffect, useState } from 'react';
import type { McpCallsSource } from '../mcp-calls.ts';

/** [5]'s calls, re-read at most once per `intervalMs` (as useSessionView); null without a source. */
export function useCalls(
  source: McpCallsSource | undefined,
  intervalMs: number,
): readonly McpExchangeSummary[] | null {
  const [calls, setCalls] = useState(() => source?.current() ?? null);
  useEffect(() => {
    if (source === undefined) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const flush = (): void => {
      timer = undefined;
      setCalls(source.current());
    };
    const unsubscribe = source.subscribe(() => {
      timer ??= setTimeout(flush, intervalMs);
    });
    setCalls(source.current());
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [source, intervalMs]);
  return calls;
}
