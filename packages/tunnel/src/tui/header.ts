import type { SessionView } from '../session-view.ts';
import { textWidth, truncate } from './fit.ts';
import { bold, clean, dim, inverse } from './sgr.ts';

const APP_NAME = ' Gatehouse ';

/**
 * The top line: the app name on the left; session id, client IP and email on the right. When the
 * line is too narrow the session id goes first, then the IP; the email is cut last.
 */
export function headerLine(view: SessionView, width: number): string {
  const name = truncate(APP_NAME, width);
  const room = width - textWidth(name) - 1;
  const email = view.email === null ? 'not signed in' : clean(view.email);
  const candidates = [
    [clean(view.sessionId), clean(view.clientIp), email],
    [clean(view.clientIp), email],
    [email],
  ];
  const parts = candidates.find((c) => textWidth(c.join('  ')) <= room) ?? [email];
  const right = truncate(parts.join('  '), Math.max(0, room));
  const gap = ' '.repeat(Math.max(0, width - textWidth(name) - textWidth(right)));
  const styledRight =
    parts.length > 1 && right === parts.join('  ')
      ? dim(parts.slice(0, -1).join('  ') + '  ') + bold(parts.at(-1) ?? '')
      : bold(right);
  return inverse(bold(name)) + gap + styledRight;
}
