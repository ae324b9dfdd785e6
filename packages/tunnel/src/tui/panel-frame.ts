import { fit, textWidth, truncate } from './fit.ts';
import type { PanelBox } from './layout.ts';
import type { PanelBody } from './panels/panel-body.ts';
import { PANEL_TITLES, type PanelId } from './panel-id.ts';
import { bold, red } from './sgr.ts';

/** The box-drawing set of a plain and of the focused panel. */
const PLAIN = { h: '─', v: '│', tl: '╭', tr: '╮', bl: '╰', br: '╯' };
const FOCUSED = { h: '━', v: '┃', tl: '┏', tr: '┓', bl: '┗', br: '┛' };

export interface FramedPanel {
  /** Exactly `box.height` lines, each exactly `box.width` cells wide. */
  readonly lines: readonly string[];
  /** The largest useful first-row offset now (Logs: rows up from the newest). */
  readonly maxTop: number;
}

/**
 * A panel drawn inside its border, title in the top edge (`╭─ Logs ─── [4] ─╮`, as Pomerium's
 * TUI), scrolled by `scroll` (Logs counts from the newest line; a body with `keepInView` keeps that
 * line on screen), with `first-last/total` in the bottom edge when not everything fits.
 */
export function framePanel(
  box: PanelBox,
  body: PanelBody,
  scroll: number,
  focused: boolean,
): FramedPanel {
  const set = focused ? FOCUSED : PLAIN;
  const paint = focused ? red : (text: string): string => text;
  const inner = Math.max(0, box.width - 2);
  const rows = Math.max(0, box.height - 2);
  const header = body.header !== null && rows >= 2 ? [body.header] : [];
  const capacity = rows - header.length;
  const total = body.lines.length;
  const maxTop = Math.max(0, total - capacity);
  const top = firstShown(box.id, body, scroll, capacity, maxTop);
  const shown = body.lines.slice(top, top + capacity);
  const content = [...header, ...shown];
  while (content.length < rows) content.push(' '.repeat(inner));

  const label = ` ${PANEL_TITLES[box.id]} `;
  const tag = ` [${box.id}] `;
  const room = inner - 1 - textWidth(tag) - 1;
  const title = truncate(label, Math.max(0, room));
  const fill = set.h.repeat(Math.max(0, inner - 1 - textWidth(title) - textWidth(tag) - 1));
  const topEdge =
    paint(set.tl + set.h) +
    (focused ? bold(red(title)) : title) +
    paint(fill) +
    tag +
    paint(set.h + set.tr);
  const position =
    total > capacity && capacity > 0 ? ` ${top + 1}-${top + shown.length}/${total} ` : '';
  const positionFits = textWidth(position) <= inner - 2;
  const bottomFill = inner - (positionFits ? textWidth(position) + 1 : 0);
  const bottomEdge =
    paint(set.bl + set.h.repeat(Math.max(0, bottomFill))) +
    (positionFits ? position + paint(set.h) : '') +
    paint(set.br);

  const lines = [
    topEdge,
    ...content.map((line) => paint(set.v) + line + paint(set.v)),
    bottomEdge,
  ].slice(0, box.height);
  return {
    lines: box.width < 4 ? lines.map(() => fit('', box.width)) : lines,
    maxTop,
  };
}

function firstShown(
  id: PanelId,
  body: PanelBody,
  scroll: number,
  capacity: number,
  maxTop: number,
): number {
  if (id === 4) return maxTop - Math.min(scroll, maxTop);
  if (body.keepInView !== undefined) {
    const top = Math.max(0, body.keepInView - capacity + 1);
    return Math.min(maxTop, Math.min(body.keepInViewFirst ?? top, top));
  }
  return Math.min(scroll, maxTop);
}
