import type { McpExchangeSummary } from '@gatehouse/core';
import type { McpCallsSource } from '../mcp-calls.ts';
import { selectedIndex } from './calls-state.ts';
import type { UiState } from './state.ts';

type Later = (change: (state: UiState) => UiState) => void;

const describe = (c: { method: string; target?: string | undefined }): string =>
  `${c.method}${c.target === undefined ? '' : ` ${c.target}`}`;

/** Enter on [5]: open the selected call's detail and load it. */
export function openCall(
  state: UiState,
  calls: readonly McpExchangeSummary[] | null,
  source: McpCallsSource | undefined,
  later: Later,
): UiState {
  const call = calls?.[selectedIndex(state.scroll[5], calls.length)];
  if (call === undefined || source === undefined) {
    return { ...state, notice: { text: 'No MCP call to show yet.', tone: 'error' } };
  }
  return showCall(state, call.id, source, later);
}

function showCall(state: UiState, id: string, source: McpCallsSource, later: Later): UiState {
  source.get(id).then(
    (exchange) =>
      later((s) =>
        s.callDetail?.id === id
          ? { ...s, callDetail: { ...s.callDetail, exchange: exchange ?? null } }
          : s,
      ),
    () => later((s) => (s.callDetail?.id === id ? { ...s, callDetail: null } : s)),
  );
  return { ...state, callDetail: { id, exchange: undefined, scroll: 0 } };
}

/**
 * `r`: replay the call on screen (or the selected one) through the inspector, which sends it to
 * the same route as this user through the same policy. On success the new call is shown.
 */
export function replayCall(
  state: UiState,
  id: string | undefined,
  calls: readonly McpExchangeSummary[] | null,
  source: McpCallsSource | undefined,
  later: Later,
): UiState {
  const target = id ?? calls?.[selectedIndex(state.scroll[5], calls.length)]?.id;
  if (target === undefined || source === undefined) {
    return { ...state, notice: { text: 'No MCP call to replay.', tone: 'error' } };
  }
  source.replay(target).then(
    (result) =>
      later((s) => {
        if (!result.ok) return { ...s, notice: { text: result.message, tone: 'error' } };
        const x = result.exchange;
        const text = `Replayed ${describe(x)}: ${String(x.status)} ${x.decision}`;
        return {
          ...showCall(s, x.id, source, later),
          notice: { text, tone: x.decision === 'allow' ? 'info' : 'error' },
        };
      }),
    () => later((s) => ({ ...s, notice: { text: 'The replay failed.', tone: 'error' } })),
  );
  return { ...state, notice: { text: 'Replaying…', tone: 'info' } };
}
