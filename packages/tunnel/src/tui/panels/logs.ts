import type { LogLineView, SessionView } from '../../session-view.ts';
import { fit, textWidth, wrap } from '../fit.ts';
import { formatClock } from '../format.ts';
import { collapseLogs } from '../logs.ts';
import { blue, clean, dim, red, yellow } from '../sgr.ts';
import type { PanelBody } from './panel-body.ts';

const TONE: Readonly<Record<LogLineView['level'], (text: string) => string>> = {
  info: (text) => text,
  warn: yellow,
  error: red,
};

/**
 * [4] Logs: `[18:24:35Z] (x4) new connection from …`, repeats collapsed, newest last. A line wider
 * than the panel wraps under its text: the end of a line is where the fix hint is.
 */
export function logsBody(view: SessionView, width: number): PanelBody {
  const lines = collapseLogs(view.logs).flatMap((line) => {
    const time = `[${formatClock(line.at)}] `;
    const count = line.count > 1 ? `(x${line.count}) ` : '';
    const prefixWidth = textWidth(time) + textWidth(count);
    if (prefixWidth >= width) return [fit(time + count, width)];
    const tone = TONE[line.level];
    const indent = ' '.repeat(prefixWidth);
    return wrap(clean(line.text), width - prefixWidth).map((part, i) =>
      i === 0
        ? dim(time) + blue(count) + tone(fit(part, width - prefixWidth))
        : indent + tone(fit(part, width - prefixWidth)),
    );
  });
  return { header: null, lines };
}
