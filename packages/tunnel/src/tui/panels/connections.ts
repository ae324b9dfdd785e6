import type { ConnectionView, SessionView } from '../../session-view.ts';
import { fit } from '../fit.ts';
import { formatBytes, formatDuration } from '../format.ts';
import { clean, dim, green, red, yellow } from '../sgr.ts';
import { renderTable, type Cell, type Column } from '../table.ts';
import type { PanelBody } from './panel-body.ts';

const COLUMNS: readonly Column[] = [
  { title: 'Channel', min: 7, priority: 4 },
  { title: 'Status', min: 6, priority: 1 },
  { title: 'Hostname', min: 10, grow: true, priority: 2 },
  { title: 'Path', min: 6, grow: true, priority: 5 },
  { title: 'Client', min: 9, priority: 6 },
  { title: 'Rx Bytes', min: 8, priority: 7 },
  { title: 'Tx Bytes', min: 8, priority: 8 },
  { title: 'Duration', min: 8, priority: 3 },
];

const STATUS: Readonly<Record<ConnectionView['status'], Cell>> = {
  open: { text: 'OPEN', style: green },
  closed: { text: 'CLOSED', style: yellow },
  error: { text: 'ERROR', style: red },
};

/** [1] Active Connections: one row per forwarded-tcpip channel, as in Pomerium's TUI. */
export function connectionsBody(view: SessionView, width: number, now: number): PanelBody {
  if (view.connections.length === 0) {
    return { header: null, lines: [dim(fit('No connections yet.', width))] };
  }
  const rows = view.connections.map((c): Cell[] => [
    { text: String(c.channel) },
    STATUS[c.status],
    { text: clean(c.hostname) },
    { text: clean(c.path) },
    { text: clean(c.client) },
    { text: formatBytes(c.rxBytes) },
    { text: formatBytes(c.txBytes) },
    { text: formatDuration((c.closedAt ?? now) - c.openedAt) },
  ]);
  const table = renderTable(COLUMNS, rows, width);
  return { header: table.header, lines: table.rows };
}
