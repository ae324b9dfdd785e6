import type { Key as InkKey } from 'ink';

/** A key the TUI reacts to. */
export type TuiKey =
  | { readonly name: 'char'; readonly char: string }
  | {
      readonly name:
        | 'up'
        | 'down'
        | 'page-up'
        | 'page-down'
        | 'tab'
        | 'backtab'
        | 'return'
        | 'escape'
        | 'backspace'
        | 'ctrl-c'
        | 'ctrl-u'
        | 'ctrl-l';
    };

const named = (name: Exclude<TuiKey['name'], 'char'>): TuiKey => ({ name });

/**
 * ink's key event as a list of our keys. Keys typed together arrive over SSH as one string
 * (`q1`, `3000\r`; research/spikes.md §3), and ink hands such a string over whole, so plain text
 * is split into one key per character here.
 */
export function toTuiKeys(input: string, key: InkKey): TuiKey[] {
  if (key.ctrl && input === 'c') return [named('ctrl-c')];
  if (key.ctrl && input === 'u') return [named('ctrl-u')];
  if (key.ctrl && input === 'l') return [named('ctrl-l')];
  if (key.upArrow) return [named('up')];
  if (key.downArrow) return [named('down')];
  if (key.pageUp) return [named('page-up')];
  if (key.pageDown) return [named('page-down')];
  if (key.tab) return [named(key.shift ? 'backtab' : 'tab')];
  if (key.return) return [named('return')];
  if (key.escape) return [named('escape')];
  if (key.backspace || key.delete) return [named('backspace')];
  if (key.ctrl || key.meta) return [];
  const keys: TuiKey[] = [];
  for (const char of input) {
    if (char === '\r' || char === '\n') keys.push(named('return'));
    else if (char === '\t') keys.push(named('tab'));
    else if (char === '\x7f' || char === '\b') keys.push(named('backspace'));
    else if (char === '\x03') keys.push(named('ctrl-c'));
    else if (char === '\x0c') keys.push(named('ctrl-l'));
    else if (!/\p{Cc}/u.test(char)) keys.push({ name: 'char', char });
  }
  return keys;
}

/** Lines Page Up / Page Down move. */
const PAGE = 10;

/** Lines a scroll key moves (down positive), 0 for any other key. */
export function scrollKeyLines(key: TuiKey): number {
  if (key.name === 'up' || (key.name === 'char' && key.char === 'k')) return -1;
  if (key.name === 'down' || (key.name === 'char' && key.char === 'j')) return 1;
  if (key.name === 'page-up') return -PAGE;
  if (key.name === 'page-down') return PAGE;
  return 0;
}
