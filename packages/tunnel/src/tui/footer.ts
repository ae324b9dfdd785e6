import { clean, dim, green, inverse, red, bold } from './sgr.ts';
import type { UiState } from './state.ts';
import { styledLine, type Segment } from './styled-line.ts';

// Short enough to fit an 80-column footer (j/k and shift-tab work too; the README lists them).
const HELP: readonly (readonly [string, string])[] = [
  ['q', 'quit'],
  ['tab', 'panel'],
  ['1-5', 'toggle'],
  ['↑↓', 'move'],
  ['c', 'copy URL'],
  ['e', 'local addr'],
  ['s', 'share'],
];

/** On [5] MCP Calls: what Enter and r do there. */
const CALLS_HELP: readonly (readonly [string, string])[] = [
  ['q', 'quit'],
  ['tab', 'panel'],
  ['1-5', 'toggle'],
  ['↑↓', 'select'],
  ['enter', 'JSON'],
  ['r', 'replay'],
];

/** With one call's JSON on screen. */
const DETAIL_HELP: readonly (readonly [string, string])[] = [
  ['esc', 'back'],
  ['↑↓', 'scroll'],
  ['r', 'replay'],
  ['q', 'quit'],
];

function help(state: UiState): Segment[] {
  const keys = state.callDetail !== null ? DETAIL_HELP : state.focus === 5 ? CALLS_HELP : HELP;
  return keys.flatMap(([key, what], i): Segment[] => [
    ...(i > 0 ? [{ text: ' • ', style: dim }] : []),
    { text: key, style: bold },
    { text: ` ${what}`, style: dim },
  ]);
}

/**
 * The bottom line: key help; a notice in front of it after `c` / `e` / `s`; while editing, the
 * input (`e`, `s`), its refusal if any, and how to leave it.
 */
export function footerLine(state: UiState, width: number, currentLocal: string | null): string {
  const editing = state.editing;
  if (editing !== null) {
    const now = currentLocal === null ? '' : ` (now ${clean(currentLocal)})`;
    const label =
      editing.target.kind === 'share'
        ? `Share ${clean(editing.target.route)} with (email): `
        : `Local address${now}: `;
    const hint = editing.busy
      ? '  sharing…'
      : `  Enter ${editing.target.kind === 'share' ? 'share' : 'save'} • Esc cancel`;
    return styledLine(
      [
        { text: label, style: bold },
        { text: clean(editing.text) },
        { text: ' ', style: inverse },
        ...(editing.error === null ? [] : [{ text: `  ${clean(editing.error)}`, style: red }]),
        { text: hint, style: dim },
      ],
      width,
    );
  }
  if (state.notice !== null) {
    const tone = state.notice.tone === 'info' ? green : red;
    return styledLine(
      [{ text: clean(state.notice.text), style: tone }, { text: '  ' }, ...help(state)],
      width,
    );
  }
  return styledLine(help(state), width);
}
