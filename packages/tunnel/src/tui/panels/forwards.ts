import type { PortForwardView, SessionView } from '../../session-view.ts';
import { fit, textWidth, wrap } from '../fit.ts';
import { clean, dim, green, inverse, red, yellow } from '../sgr.ts';
import { columnWidths, renderTable, type Cell, type Column } from '../table.ts';
import type { PanelBody } from './panel-body.ts';

const COLUMNS: readonly Column[] = [
  { title: 'Status', min: 6, priority: 1 },
  { title: 'Remote', min: 12, grow: true, priority: 2 },
  { title: 'Local', min: 9, priority: 3 },
];

/** When the Remote URL does not fit in its column: the route in the row, the URL below it. */
const NARROW_COLUMNS: readonly Column[] = [
  { title: 'Status', min: 6, priority: 1 },
  { title: 'Route', min: 5, priority: 3 },
  { title: 'Local', min: 9, grow: true, priority: 2 },
];

/** The Remote URL on a line of its own starts here. */
const URL_INDENT = '  ';

/**
 * [3] Port Forward Status: ACTIVE / FAILED / --, the Remote URL and the local address, with a
 * warning line under a forward that has one. The Remote URL is what the user came for, so it is
 * never cut: when its column is too narrow (80 columns), it gets a line of its own under the row
 * (wrapped if even that is too narrow). `selected` is the forward `c` and `e` act on.
 */
export function forwardsBody(
  view: SessionView,
  width: number,
  selected: number,
  focused: boolean,
): PanelBody {
  if (view.forwards.length === 0) {
    return { header: null, lines: [dim(fit('No port forwards: connect with ssh -R 0 …', width))] };
  }
  const status = (f: PortForwardView): Cell =>
    f.status === 'ACTIVE'
      ? { text: 'ACTIVE', style: green }
      : f.status === 'FAILED'
        ? { text: 'FAILED', style: red }
        : { text: '--', style: dim };
  const wide = view.forwards.map((f): Cell[] => [
    status(f),
    { text: clean(f.remoteUrl) },
    { text: clean(f.localAddress) },
  ]);
  const longest = Math.max(...view.forwards.map((f) => textWidth(clean(f.remoteUrl))));
  const urlFits = (columnWidths(COLUMNS, wide, width).get(1) ?? 0) >= longest;
  const table = urlFits
    ? renderTable(COLUMNS, wide, width)
    : renderTable(
        NARROW_COLUMNS,
        view.forwards.map((f): Cell[] => [
          status(f),
          { text: clean(f.route) },
          { text: clean(f.localAddress) },
        ]),
        width,
      );
  const lines: string[] = [];
  let keepInView = 0;
  let keepInViewFirst = 0;
  const highlight = focused && view.forwards.length > 1;
  view.forwards.forEach((forward, i) => {
    const mark = (text: string): string => (i === selected && highlight ? inverse(text) : text);
    if (i === selected) keepInViewFirst = lines.length;
    lines.push(mark(table.rows[i] ?? ''));
    if (!urlFits) {
      const room = width - URL_INDENT.length;
      for (const part of wrap(clean(forward.remoteUrl), room)) {
        lines.push(mark(fit(URL_INDENT + part, width)));
      }
    }
    if (i === selected) keepInView = lines.length - 1;
    if (forward.warning !== null) lines.push(yellow(fit(`  ! ${clean(forward.warning)}`, width)));
  });
  return { header: table.header, lines, keepInView, keepInViewFirst };
}

/** The selected forward, clamped to the ones there are. */
export function selectedForward(
  view: SessionView,
  selected: number,
): SessionView['forwards'][number] | undefined {
  return view.forwards[Math.min(selected, view.forwards.length - 1)];
}
