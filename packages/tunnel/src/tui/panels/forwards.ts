import type { SessionView } from '../../session-view.ts';
import { fit } from '../fit.ts';
import { clean, dim, green, inverse, red, yellow } from '../sgr.ts';
import { renderTable, type Cell, type Column } from '../table.ts';
import type { PanelBody } from './panel-body.ts';

const COLUMNS: readonly Column[] = [
  { title: 'Status', min: 6, priority: 1 },
  { title: 'Remote', min: 12, grow: true, priority: 2 },
  { title: 'Local', min: 9, priority: 3 },
];

/**
 * [3] Port Forward Status: ACTIVE / --, the Remote URL and the local address, with a warning line
 * under a forward that has one. `selected` is the forward `c` and `e` act on.
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
  const rows = view.forwards.map((f): Cell[] => [
    f.status === 'ACTIVE'
      ? { text: 'ACTIVE', style: green }
      : f.status === 'FAILED'
        ? { text: 'FAILED', style: red }
        : { text: '--', style: dim },
    { text: clean(f.remoteUrl) },
    { text: clean(f.localAddress) },
  ]);
  const table = renderTable(COLUMNS, rows, width);
  const lines: string[] = [];
  let keepInView = 0;
  view.forwards.forEach((forward, i) => {
    const row = table.rows[i] ?? '';
    if (i === selected) keepInView = lines.length;
    lines.push(i === selected && focused && view.forwards.length > 1 ? inverse(row) : row);
    if (forward.warning !== null) lines.push(yellow(fit(`  ! ${clean(forward.warning)}`, width)));
  });
  return { header: table.header, lines, keepInView };
}

/** The selected forward, clamped to the ones there are. */
export function selectedForward(
  view: SessionView,
  selected: number,
): SessionView['forwards'][number] | undefined {
  return view.forwards[Math.min(selected, view.forwards.length - 1)];
}
