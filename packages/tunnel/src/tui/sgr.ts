/**
 * SGR styling written as plain escape codes (ECMA-48 §8.3.117). ink passes SGR through, and unlike
 * ink's `color` props (chalk) this does not depend on whether the server's own stdout is a TTY or
 * on FORCE_COLOR: the colour belongs to the SSH client's terminal, not to our process.
 */
const CSI = '\x1b[';

function style(open: string, close: string): (text: string) => string {
  return (text) => (text === '' ? '' : `${CSI}${open}m${text}${CSI}${close}m`);
}

export const bold = style('1', '22');
export const dim = style('2', '22');
export const inverse = style('7', '27');
export const red = style('31', '39');
export const green = style('32', '39');
export const yellow = style('33', '39');
export const blue = style('34', '39');
export const cyan = style('36', '39');

/** A C0/C1 control character or DEL. */
const CONTROL = /\p{Cc}/gu;

/**
 * Text that came from the network (Host headers, paths, log lines) must not reach the terminal
 * as escape sequences: a remote client could otherwise move the cursor, retitle the window or
 * write the user's clipboard (OSC 52). Controls become `?`.
 */
export function clean(text: string): string {
  return text.replace(CONTROL, '?');
}
