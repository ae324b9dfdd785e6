import type { SessionView } from '../../session-view.ts';
import { fit } from '../fit.ts';
import { blue, clean, dim } from '../sgr.ts';
import { renderTable, type Cell, type Column } from '../table.ts';
import type { PanelBody } from './panel-body.ts';

const COLUMNS: readonly Column[] = [
  { title: 'Hostname', min: 9, grow: true, priority: 1 },
  { title: 'Port', min: 7, priority: 2 },
  { title: 'Routes', min: 6, grow: true, priority: 3 },
];

/** Bind addresses that match every route (`-R 0`, `-R *:0`, `-R :0`). */
const MATCH_ALL = new Set(['', '*', 'localhost']);

/** [2] Client Requests: one row per `-R` the client sent. */
export function requestsBody(view: SessionView, width: number): PanelBody {
  if (view.requests.length === 0) {
    return { header: null, lines: [dim(fit('No -R forwards requested.', width))] };
  }
  const rows = view.requests.map((r): Cell[] => [
    MATCH_ALL.has(r.bindAddress) ? { text: '(all)', style: dim } : { text: clean(r.bindAddress) },
    r.port.startsWith('D ') ? { text: clean(r.port), style: blue } : { text: clean(r.port) },
    { text: r.routes.map(clean).join(', ') },
  ]);
  const table = renderTable(COLUMNS, rows, width);
  return { header: table.header, lines: table.rows };
}
