import type { SessionView } from '../session-view.ts';
import { clean } from './sgr.ts';

/**
 * The session as plain text, for sessions without a pty (`ssh -T`, exec): who is signed in, then
 * one line per forward, aligned, e.g. `ACTIVE  http://mcp.x.localhost:8787  →  localhost:8080`,
 * with a forward's warning on the line under it. Lines end in `\n` (the client's terminal is not
 * in raw mode without a pty).
 */
export function renderPlain(view: SessionView): string {
  const who = view.email === null ? 'not signed in' : `signed in as ${clean(view.email)}`;
  const lines = [
    `Gatehouse tunnel · session ${clean(view.sessionId)} · ${who} · from ${clean(view.clientIp)}`,
  ];
  if (view.forwards.length === 0) {
    lines.push('No port forwards. Add -R 0 to the ssh command to get a public URL.');
  }
  const urlWidth = Math.max(0, ...view.forwards.map((f) => clean(f.remoteUrl).length));
  for (const forward of view.forwards) {
    const status = forward.status.padEnd('ACTIVE'.length);
    const url = clean(forward.remoteUrl).padEnd(urlWidth);
    lines.push(`${status}  ${url}  →  ${clean(forward.localAddress)}`);
    if (forward.warning !== null) lines.push(`        warning: ${clean(forward.warning)}`);
  }
  return `${lines.join('\n')}\n`;
}
