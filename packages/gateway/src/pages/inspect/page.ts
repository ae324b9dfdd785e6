import type { McpExchangeSummary } from '@gatehouse/core';
import { html, SafeHtml, type SafeHtml as Markup } from '../escape.ts';
import { layout, type Page } from '../layout.ts';
import { querySearch, rowOf, type InspectQuery, type InspectRow } from './row.ts';
import { INSPECT_STYLE } from './style.ts';

/** The page's own script file (served by the auth app; the page's CSP allows only this path). */
export const INSPECT_SCRIPT_PATH = '/inspect/app.js';

export interface InspectPageOptions {
  readonly query: InspectQuery;
  /** Newest first. */
  readonly rows: readonly McpExchangeSummary[];
  /** The selected exchange's pane (detail.ts), or undefined. */
  readonly detail?: Markup;
  /** Shown above the list (a replay refusal, a bad filter). */
  readonly notice?: string;
}

/**
 * `<auth host>/inspect`: the MCP calls of the routes the user may inspect, newest first, with
 * filters (a GET form: works without script), a selection for export, and the detail of one call.
 * The script (app.js) adds rows live from `/inspect/events` and the copy buttons.
 */
export function inspectPage(options: InspectPageOptions): Page {
  const { query } = options;
  const search = querySearch(query);
  const body = html`<p class="muted">
      MCP calls through the routes you own. Secrets are masked before anything is stored.
    </p>
    <form class="filters" method="get" action="/inspect" role="search" aria-label="Filter calls">
      ${filterField('method', 'Method', query.method, 'tools/call')}
      ${filterField('tool', 'Tool', query.tool, 'echo')}
      ${filterField('status', 'Status', query.status, '200')}
      ${filterField('text', 'Text', query.text, 'any text')}
      <div class="filter-actions">
        <button type="submit">Filter</button>
        <a class="button secondary" href="/inspect">Clear</a>
      </div>
    </form>
    ${
      options.notice === undefined
        ? ''
        : html`<div class="alert" role="alert">${options.notice}</div>`
    }
    <p id="live-status" class="muted" aria-live="polite" data-search="${search}">
      Reload to see new calls.
    </p>
    <form method="get" action="/inspect/export" id="export-form">
      <table aria-labelledby="calls-title" class="calls">
        <caption id="calls-title" class="sr-only">
          MCP calls, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col"><span class="sr-only">Select</span></th>
            <th scope="col">Time</th>
            <th scope="col">Method</th>
            <th scope="col">Tool</th>
            <th scope="col">Status</th>
            <th scope="col">Latency</th>
            <th scope="col">Decision</th>
            <th scope="col">Route</th>
            <th scope="col">User</th>
          </tr>
        </thead>
        <tbody id="calls">
          ${options.rows.map((s) => rowHtml(rowOf(s), search))}
        </tbody>
      </table>
      <p id="calls-empty" class="muted" ${options.rows.length === 0 ? '' : new SafeHtml(' hidden')}>
        No MCP calls yet${search === '' ? '' : ' match these filters'}.
      </p>
      <div class="actions">
        <button type="submit" name="format" value="har" class="secondary">
          Export selected as HAR
        </button>
        <button type="submit" name="format" value="json" class="secondary">
          Export selected as JSON
        </button>
      </div>
    </form>
    ${options.detail ?? ''}`;
  return layout({
    status: 200,
    title: 'MCP traffic',
    body,
    wide: true,
    style: INSPECT_STYLE,
    script: INSPECT_SCRIPT_PATH,
  });
}

function filterField(name: string, label: string, value: string, example: string): Markup {
  return html`<div>
    <label for="filter-${name}">${label}</label>
    <input id="filter-${name}" name="${name}" value="${value}" placeholder="${example}" />
  </div>`;
}

/** The link that opens a call's detail, keeping the filters. */
export function detailHref(id: string, search: string): string {
  const params = new URLSearchParams(search);
  params.set('id', id);
  return `/inspect?${params.toString()}#detail`;
}

/** One row; app.js builds the same structure from an InspectRow (keep them in step). */
function rowHtml(row: InspectRow, search: string): Markup {
  const what = `${row.method}${row.target === '' ? '' : ` ${row.target}`} at ${row.at}`;
  return html`<tr data-id="${row.id}" class="decision-${row.decision}">
    <td><input type="checkbox" name="id" value="${row.id}" aria-label="Select ${what}" /></td>
    <td><a href="${detailHref(row.id, search)}">${row.at}</a></td>
    <td>${row.method}${row.replay ? html` <span class="tag">replay</span>` : ''}</td>
    <td>${row.target}</td>
    <td data-field="status">${row.status}</td>
    <td data-field="latency">${row.latency}</td>
    <td>${row.decision}</td>
    <td>${row.route}</td>
    <td>${row.user}</td>
  </tr>`;
}
