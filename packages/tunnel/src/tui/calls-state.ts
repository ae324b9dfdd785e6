import type { McpExchange } from '@gatehouse/core';
import { scrollKeyLines, type TuiKey } from './keys.ts';
import type { ScrollLimits, Step, UiState } from './state.ts';

/** [5]'s selection while it stays on the newest call (new calls move it along). */
export const FOLLOW_NEWEST = Number.MAX_SAFE_INTEGER;

/** One call shown on the whole screen (Enter on [5]). */
export interface CallDetail {
  readonly id: string;
  /** Undefined while it loads; null when it is no longer in the inspector's buffer. */
  readonly exchange: McpExchange | null | undefined;
  /** First line shown. */
  readonly scroll: number;
}

/**
 * The selected call after moving `lines` (down = newer). Reaching the newest follows it, so a
 * user who has not moved up sees each new call selected as it arrives.
 */
export function selectCall(current: number, lines: number, last: number): number {
  const from = Math.min(current, last);
  const next = Math.max(0, Math.min(last, from + lines));
  return next >= last ? FOLLOW_NEWEST : next;
}

/** The selected index among `count` calls. */
export function selectedIndex(selection: number, count: number): number {
  return Math.max(0, Math.min(selection, count - 1));
}

/** Keys while a call's JSON is on screen: scroll, `r` replays it, Esc / Enter / ← go back. */
export function reduceDetailKey(
  state: UiState,
  detail: CallDetail,
  key: TuiKey,
  limits: ScrollLimits,
): Step {
  const calm = { ...state, notice: null };
  if (key.name === 'escape' || key.name === 'return' || key.name === 'backspace') {
    return { state: { ...calm, callDetail: null }, effects: [] };
  }
  const lines = scrollKeyLines(key);
  if (lines !== 0) {
    const scroll = Math.max(
      0,
      Math.min(limits.detail, Math.min(detail.scroll, limits.detail) + lines),
    );
    return { state: { ...calm, callDetail: { ...detail, scroll } }, effects: [] };
  }
  if (key.name === 'char' && key.char === 'q') return { state, effects: [{ type: 'quit' }] };
  if (key.name === 'char' && key.char === 'r') {
    return { state: calm, effects: [{ type: 'replay-call', id: detail.id }] };
  }
  return { state: calm, effects: [] };
}
