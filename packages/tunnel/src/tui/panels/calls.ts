import type { McpExchangeSummary } from '@gatehouse/core';
import { selectedIndex } from '../calls-state.ts';
import { fit } from '../fit.ts';
import { formatClock, formatDuration } from '../format.ts';
import { clean, dim, green, inverse, red, yellow } from '../sgr.ts';
import { renderTable, type Cell, type Column } from '../table.ts';
import type { PanelBody } from './panel-body.ts';

const COLUMNS: readonly Column[] = [
  { title: 'Time', min: 9, priority: 6 },
  { title: 'Method', min: 10, grow: true, priority: 1 },
  { title: 'Tool', min: 6, grow: true, priority: 2 },
  { title: 'Status', min: 6, priority: 3 },
  { title: 'Latency', min: 7, align: 'right', priority: 5 },
  { title: 'Decision', min: 8, priority: 4 },
];

function status(c: McpExchangeSummary): Cell {
  if (c.status === 0) return { text: '…', style: dim };
  const text = c.rpcError === undefined ? String(c.status) : `${String(c.status)} rpc`;
  return c.status >= 400 || c.rpcError !== undefined ? { text, style: red } : { text };
}

const DECISION: Readonly<Record<McpExchangeSummary['decision'], (text: string) => string>> = {
  allow: green,
  deny: red,
  error: yellow,
};

/**
 * [5] MCP Calls: one row per captured MCP exchange of the user's routes, newest last (as Logs);
 * the selected row (arrows) is the one Enter opens and `r` replays. Every text came from the
 * network and is cleaned of control characters before it reaches the terminal.
 */
export function callsBody(
  calls: readonly McpExchangeSummary[] | null,
  width: number,
  selection: number,
  focused: boolean,
): PanelBody {
  if (calls === null) {
    return { header: null, lines: [dim(fit('MCP capture is not available here.', width))] };
  }
  if (calls.length === 0) {
    return {
      header: null,
      lines: [dim(fit('No MCP calls yet: they appear here as clients call /mcp.', width))],
    };
  }
  const rows = calls.map((c): Cell[] => [
    { text: formatClock(c.timings.startedAt) },
    { text: clean(c.method) + (c.replayOf === undefined ? '' : ' (replay)') },
    { text: clean(c.target ?? '') },
    status(c),
    {
      text:
        c.inProgress || c.timings.totalMs === undefined ? '…' : formatDuration(c.timings.totalMs),
    },
    { text: c.decision, style: DECISION[c.decision] },
  ]);
  const table = renderTable(COLUMNS, rows, width);
  const selected = selectedIndex(selection, calls.length);
  const lines = table.rows.map((line, i) => (i === selected && focused ? inverse(line) : line));
  return { header: table.header, lines, keepInView: selected };
}
