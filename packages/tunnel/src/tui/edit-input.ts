import type { TuiKey } from './keys.ts';
import type { Step, UiState } from './state.ts';

/** What the footer input edits: the local address (`e`) or whom to share a route with (`s`). */
export type EditTarget =
  { readonly kind: 'local-address' } | { readonly kind: 'share'; readonly route: string };

export interface EditState {
  readonly target: EditTarget;
  readonly text: string;
  /** The last refusal from `setLocalAddress` / `share`, shown next to the input. */
  readonly error: string | null;
  /** `share` is on its way: keys other than Ctrl-C wait. */
  readonly busy: boolean;
}

/** Enough for host:port and for an email address (RFC 5321 §4.5.3.1.3: 254). */
const MAX_INPUT_LENGTH = 255;

/** An empty input for `target`. */
export function newEdit(target: EditTarget): EditState {
  return { target, text: '', error: null, busy: false };
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
  return {
    ...state,
    editing: { ...newEdit({ kind: 'local-address' }), text: address, error: result.message },
  };
}

/** The answer of `share` folded back into the state (the input waited for it: `busy`). */
export function settleShare(
  state: UiState,
  route: string,
  email: string,
  result: { ok: true } | { ok: false; message: string },
): UiState {
  if (result.ok) {
    return {
      ...state,
      editing: null,
      notice: { text: `Shared ${route} with ${email}`, tone: 'info' },
    };
  }
  const editing = { ...newEdit({ kind: 'share', route }), text: email, error: result.message };
  return { ...state, editing };
}

/** A key while the footer input is open (Ctrl-C is handled before). */
export function reduceEditKey(state: UiState, editing: EditState, key: TuiKey): Step {
  if (editing.busy) return { state, effects: [] };
  const edit = (text: string, error: string | null = null): Step => ({
    state: { ...state, editing: { ...editing, text, error } },
    effects: [],
  });
  switch (key.name) {
    case 'escape':
      return { state: { ...state, editing: null }, effects: [] };
    case 'return':
      return submit(state, editing, edit);
    case 'backspace':
      return edit(Array.from(editing.text).slice(0, -1).join(''));
    case 'ctrl-u':
      return edit('');
    case 'char':
      return editing.text.length >= MAX_INPUT_LENGTH
        ? { state, effects: [] }
        : edit(editing.text + key.char);
    default:
      return { state, effects: [] };
  }
}

function submit(
  state: UiState,
  editing: EditState,
  edit: (text: string, error: string) => Step,
): Step {
  const text = editing.text.trim();
  if (editing.target.kind === 'local-address') {
    if (text === '') return edit('', 'Type host:port or a port, e.g. 3000');
    return { state, effects: [{ type: 'set-local-address', address: text }] };
  }
  if (text === '') return edit('', 'Type an email address, e.g. bob@example.com');
  return {
    state: { ...state, editing: { ...editing, error: null, busy: true } },
    effects: [{ type: 'share', route: editing.target.route, email: text }],
  };
}
