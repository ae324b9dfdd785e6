import { clean, dim, green, inverse, red, bold } from './sgr.ts';
import type { UiState } from './state.ts';
import { styledLine, type Segment } from './styled-line.ts';

const HELP: readonly (readonly [string, string])[] = [
  ['q', 'quit'],
  ['tab', 'next panel'],
  ['shift-tab', 'prev panel'],
  ['1-4', 'toggle panels'],
  ['↑/k', 'up'],
  ['↓/j', 'down'],
  ['c', 'copy URL'],
  ['e', 'edit local address'],
];

function help(): Segment[] {
  return HELP.flatMap(([key, what], i): Segment[] => [
    ...(i > 0 ? [{ text: ' • ', style: dim }] : []),
    { text: key, style: bold },
    { text: ` ${what}`, style: dim },
  ]);
}

/**
 * The bottom line: key help; a notice in front of it after `c` / `e`; while editing, the input
 * (`e`), its refusal if any, and how to leave it.
 */
export function footerLine(state: UiState, width: number, currentLocal: string | null): string {
  if (state.editing !== null) {
    const now = currentLocal === null ? '' : ` (now ${clean(currentLocal)})`;
    return styledLine(
      [
        { text: `Local address${now}: `, style: bold },
        { text: state.editing.text },
        { text: ' ', style: inverse },
        ...(state.editing.error === null
          ? []
          : [{ text: `  ${clean(state.editing.error)}`, style: red }]),
        { text: '  Enter save • Esc cancel', style: dim },
      ],
      width,
    );
  }
  if (state.notice !== null) {
    const tone = state.notice.tone === 'info' ? green : red;
    return styledLine(
      [{ text: clean(state.notice.text), style: tone }, { text: '  ' }, ...help()],
      width,
    );
  }
  return styledLine(help(), width);
}
