import { newEdit, reduceEditKey, type EditState } from './edit-input.ts';
import { FOLLOW_NEWEST, reduceDetailKey, selectCall, type CallDetail } from './calls-state.ts';
import { scrollKeyLines, type TuiKey } from './keys.ts';
import { PANEL_IDS, type PanelId } from './panel-id.ts';

export interface Notice {
  readonly text: string;
  readonly tone: 'info' | 'error';
}

/** What the user changed on screen; the session data itself lives in the SessionView. */
export interface UiState {
  readonly focus: PanelId;
  readonly hidden: readonly PanelId[];
  /**
   * [1] [2]: first row shown; [3]: the selected forward; [4]: rows scrolled up from the newest;
   * [5]: the selected call (FOLLOW_NEWEST: always the newest).
   */
  readonly scroll: Readonly<Record<PanelId, number>>;
  readonly editing: EditState | null;
  readonly notice: Notice | null;
  /** Enter on [5]: one call's JSON on the whole screen. */
  readonly callDetail: CallDetail | null;
}

export type Effect =
  | { readonly type: 'quit' }
  /** Ctrl-L: draw the whole screen again (something else wrote to the terminal). */
  | { readonly type: 'repaint' }
  | { readonly type: 'copy' }
  | { readonly type: 'set-local-address'; readonly address: string }
  /** Open the share input for the selected forward (the reducer does not see the view). */
  | { readonly type: 'start-share' }
  | { readonly type: 'share'; readonly route: string; readonly email: string }
  /** Enter on [5]: fetch the selected call and show it. */
  | { readonly type: 'open-call' }
  /** `r`: replay the call on screen, or the selected one. */
  | { readonly type: 'replay-call'; readonly id?: string };

export interface Step {
  readonly state: UiState;
  readonly effects: readonly Effect[];
}

/** How far each panel (and an open call's JSON) can scroll with what is on screen now. */
export type ScrollLimits = Readonly<Record<PanelId, number>> & { readonly detail: number };

export const NO_LIMITS: ScrollLimits = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, detail: 0 };

export const initialUiState: UiState = {
  focus: 3,
  hidden: [],
  scroll: { 1: 0, 2: 0, 3: 0, 4: 0, 5: FOLLOW_NEWEST },
  editing: null,
  notice: null,
  callDetail: null,
};

/** The first state; [5] starts hidden when this session has no MCP traffic inspector. */
export function initialUiStateFor(hasCalls: boolean): UiState {
  return hasCalls ? initialUiState : { ...initialUiState, hidden: [5] };
}

/** One key applied to the UI state; side effects are returned, not run. */
export function reduceKey(state: UiState, key: TuiKey, limits: ScrollLimits): Step {
  if (key.name === 'ctrl-c') return { state, effects: [{ type: 'quit' }] };
  if (key.name === 'ctrl-l') return { state, effects: [{ type: 'repaint' }] };
  if (state.editing !== null) return reduceEditKey(state, state.editing, key);
  if (state.callDetail !== null) return reduceDetailKey(state, state.callDetail, key, limits);
  const calm = { ...state, notice: null };
  if (state.focus === 5 && key.name === 'return') {
    return { state: calm, effects: [{ type: 'open-call' }] };
  }
  if (key.name === 'tab' || key.name === 'backtab') {
    return {
      state: { ...calm, focus: nextVisible(state, key.name === 'tab' ? 1 : -1) },
      effects: [],
    };
  }
  const lines = scrollKeyLines(key);
  if (lines !== 0) return { state: scroll(calm, lines, limits), effects: [] };
  if (key.name !== 'char') return { state: calm, effects: [] };
  switch (key.char) {
    case 'q':
      return { state, effects: [{ type: 'quit' }] };
    case 'c':
      return { state: calm, effects: [{ type: 'copy' }] };
    case 'e':
      return { state: { ...calm, editing: newEdit({ kind: 'local-address' }) }, effects: [] };
    case 's':
      return { state: calm, effects: [{ type: 'start-share' }] };
    case 'r':
      return { state: calm, effects: state.focus === 5 ? [{ type: 'replay-call' }] : [] };
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
      return { state: toggle(calm, Number(key.char) as PanelId), effects: [] };
    default:
      return { state: calm, effects: [] };
  }
}

/** Down moves towards newer rows everywhere; the Logs panel counts from the newest line. */
function scroll(state: UiState, lines: number, limits: ScrollLimits): UiState {
  const id = state.focus;
  if (id === 5)
    return {
      ...state,
      scroll: { ...state.scroll, 5: selectCall(state.scroll[5], lines, limits[5]) },
    };
  const delta = id === 4 ? -lines : lines;
  const next = Math.min(limits[id], Math.max(0, Math.min(state.scroll[id], limits[id]) + delta));
  return { ...state, scroll: { ...state.scroll, [id]: next } };
}

function toggle(state: UiState, id: PanelId): UiState {
  const hidden = state.hidden.includes(id)
    ? state.hidden.filter((h) => h !== id)
    : [...state.hidden, id];
  const next = { ...state, hidden };
  return hidden.includes(state.focus) ? { ...next, focus: nextVisible(next, 1) } : next;
}

function nextVisible(state: UiState, direction: 1 | -1): PanelId {
  const start = PANEL_IDS.indexOf(state.focus);
  for (let step = 1; step <= PANEL_IDS.length; step += 1) {
    const id = PANEL_IDS[(start + direction * step + PANEL_IDS.length * 2) % PANEL_IDS.length];
    if (id !== undefined && !state.hidden.includes(id)) return id;
  }
  return state.focus;
}
