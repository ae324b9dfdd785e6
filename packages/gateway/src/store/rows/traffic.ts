import type { StoredExchange } from '@gatehouse/core';
import { int, json, text, type Row } from '../sqlite/columns.ts';

/** An `mcp_traffic` row as both adapters read it; a `value` that is not JSON is corrupt. */
export function toStoredExchange(row: Row): StoredExchange {
  return {
    routeId: text(row, 'route_id'),
    id: text(row, 'id'),
    at: int(row, 'at'),
    value: json(row, 'value'),
  };
}
