/**
 * OSC 52 "set selection" (xterm ctlseqs, "Operating System Commands", Ps = 52): `c` selects the
 * clipboard, the payload is base64, BEL ends it. Travels over SSH to the user's own terminal, so
 * copying works from a remote session (tmux needs `set-clipboard on`).
 */
export function osc52Copy(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}
