import type { TuiKey } from './keys.ts';
import { PANEL_IDS, type PanelId } from './panel-id.ts';

export interface EditState {
  readonly text: string;
  /** The last refusal from `setLocalAddress`, shown under the input. */
  readonly error: string | null;
}

export interface Notice {
  readonly text: string;
  readonly tone: 'info' | 'error';
}

/** What the user changed on screen; the session data itself lives in the SessionView. */
export interface UiState {
  readonly focus: PanelId;
  readonly hidden: readonly PanelId[];
  /** [1] [2]: first row shown; [3]: the selected forward; [4]: rows scrolled up from the newest. */
  readonly scroll: Readonly<Record<PanelId, number>>;
  readonly editing: EditState | null;
  readonly notice: Notice | null;
}

export type Effect =
  | { readonly type: 'quit' }
  | { readonly type: 'copy' }
  | { readonly type: 'set-local-address'; readonly address: string };

export interface Step {
  readonly state: UiState;
  readonly effects: readonly Effect[];
}

/** How far each panel can scroll with what is on screen now. */
export type ScrollLimits = Readonly<Record<PanelId, number>>;

const PAGE = 10;
const MAX_ADDRESS_LENGTH = 255;

export const initialUiState: UiState = {
  focus: 3,
  hidden: [],
  scroll: { 1: 0, 2: 0, 3: 0, 4: 0 },
  editing: null,
  notice: null,
};

/** One key applied to the UI state; side effects are returned, not run. */
export function reduceKey(state: UiState, key: TuiKey, limits: ScrollLimits): Step {
  if (key.name === 'ctrl-c') return { state, effects: [{ type: 'quit' }] };
  if (state.editing !== null) return reduceEditKey(state, state.editing, key);
  const calm = { ...state, notice: null };
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
      return { state: { ...calm, editing: { text: '', error: null } }, effects: [] };
    case '1':
    case '2':
    case '3':
    case '4':
      return { state: toggle(calm, Number(key.char) as PanelId), effects: [] };
    default:
      return { state: calm, effects: [] };
  }
}

/** The answer of `setLocalAddress` folded back into the state. */
export function settleLocalAddress(
  state: UiState,
  address: string,
  result: { ok: true } | { ok: false; message: string },
): UiState {
  if (result.ok) {
    return {
      ...state,
      editing: null,
      notice: { text: `Local address set to ${address}`, tone: 'info' },
    };
  }
  return { ...state, editing: { text: address, error: result.message } };
}

function reduceEditKey(state: UiState, editing: EditState, key: TuiKey): Step {
  const edit = (text: string): Step => ({
    state: { ...state, editing: { text, error: null } },
    effects: [],
  });
  switch (key.name) {
    case 'escape':
      return { state: { ...state, editing: null }, effects: [] };
    case 'return': {
      const address = editing.text.trim();
      if (address === '') {
        return {
          state: { ...state, editing: { text: '', error: 'Type host:port or a port, e.g. 3000' } },
          effects: [],
        };
      }
      return { state, effects: [{ type: 'set-local-address', address }] };
    }
    case 'backspace':
      return edit(Array.from(editing.text).slice(0, -1).join(''));
    case 'ctrl-u':
      return edit('');
    case 'char':
      return editing.text.length >= MAX_ADDRESS_LENGTH
        ? { state, effects: [] }
        : edit(editing.text + key.char);
    default:
      return { state, effects: [] };
  }
}

function scrollKeyLines(key: TuiKey): number {
  if (key.name === 'up' || (key.name === 'char' && key.char === 'k')) return -1;
  if (key.name === 'down' || (key.name === 'char' && key.char === 'j')) return 1;
  if (key.name === 'page-up') return -PAGE;
  if (key.name === 'page-down') return PAGE;
  return 0;
}

/** Down moves towards newer rows everywhere; the Logs panel counts from the newest line. */
function scroll(state: UiState, lines: number, limits: ScrollLimits): UiState {
  const id = state.focus;
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
