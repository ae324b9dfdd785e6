import type { LogLineView, SessionView } from '../../session-view.ts';
import { fit, textWidth } from '../fit.ts';
import { formatClock } from '../format.ts';
import { collapseLogs } from '../logs.ts';
import { blue, clean, dim, red, yellow } from '../sgr.ts';
import type { PanelBody } from './panel-body.ts';

const TONE: Readonly<Record<LogLineView['level'], (text: string) => string>> = {
  info: (text) => text,
  warn: yellow,
  error: red,
};

/** [4] Logs: `[18:24:35Z] (x4) new connection from …`, repeats collapsed, newest last. */
export function logsBody(view: SessionView, width: number): PanelBody {
  const lines = collapseLogs(view.logs).map((line) => {
    const time = `[${formatClock(line.at)}] `;
    const count = line.count > 1 ? `(x${line.count}) ` : '';
    const prefixWidth = textWidth(time) + textWidth(count);
    if (prefixWidth >= width) return fit(time + count, width);
    return dim(time) + blue(count) + TONE[line.level](fit(clean(line.text), width - prefixWidth));
  });
  return { header: null, lines };
}
