import type { McpExchangeSummary } from '@gatehouse/core';
import type { SessionView } from '../session-view.ts';
import type { CallDetail } from './calls-state.ts';
import { fit } from './fit.ts';
import { footerLine } from './footer.ts';
import { headerLine } from './header.ts';
import { CHROME_ROWS, layoutPanels } from './layout.ts';
import { framePanel } from './panel-frame.ts';
import { PANEL_IDS, type PanelId } from './panel-id.ts';
import { callDetailBody } from './panels/call-detail.ts';
import { callsBody } from './panels/calls.ts';
import { connectionsBody } from './panels/connections.ts';
import { forwardsBody, selectedForward } from './panels/forwards.ts';
import { logsBody } from './panels/logs.ts';
import type { PanelBody } from './panels/panel-body.ts';
import { requestsBody } from './panels/requests.ts';
import { dim } from './sgr.ts';
import type { ScrollLimits, UiState } from './state.ts';

export interface ScreenPanel {
  readonly id: PanelId;
  readonly width: number;
  readonly lines: readonly string[];
}

/** The whole screen as lines, grouped the way ink lays them out. */
export interface Screen {
  readonly header: string;
  readonly bands: readonly { readonly height: number; readonly panels: readonly ScreenPanel[] }[];
  /** Shown instead of the bands when none fits or all are hidden. */
  readonly empty: string | null;
  readonly footer: string;
  readonly limits: ScrollLimits;
}

/** Everything on a `columns`×`rows` screen for this view and UI state; pure. */
export function buildScreen(
  view: SessionView,
  state: UiState,
  columns: number,
  rows: number,
  now: number,
  /** [5]'s calls, oldest first; null when this session has no traffic inspector. */
  calls: readonly McpExchangeSummary[] | null = null,
): Screen {
  const limits: { -readonly [K in keyof ScrollLimits]: number } = {
    1: 0,
    2: 0,
    3: Math.max(0, view.forwards.length - 1),
    4: 0,
    5: Math.max(0, (calls?.length ?? 0) - 1),
    detail: 0,
  };
  const bands =
    state.callDetail !== null && rows > CHROME_ROWS
      ? [detailBand(state.callDetail, columns, rows - CHROME_ROWS, limits)]
      : layoutPanels(columns, rows, state.hidden, state.focus).map((band) => ({
          height: band.height,
          panels: band.panels.map((box): ScreenPanel => {
            const body = panelBody(box.id, view, box.width - 2, state, now, calls);
            const framed = framePanel(box, body, state.scroll[box.id], state.focus === box.id);
            if (box.id !== 3 && box.id !== 5) limits[box.id] = framed.maxTop;
            return { id: box.id, width: box.width, lines: framed.lines };
          }),
        }));
  const allHidden = PANEL_IDS.every((id) => state.hidden.includes(id));
  const empty =
    bands.length > 0
      ? null
      : dim(
          fit(
            allHidden ? 'All panels hidden: press 1-5 to show one.' : 'Terminal too small.',
            columns,
          ),
        );
  const local = selectedForward(view, state.scroll[3])?.localAddress ?? null;
  return {
    header: headerLine(view, columns),
    bands,
    empty: rows > CHROME_ROWS ? empty : null,
    footer: footerLine(state, columns, local),
    limits,
  };
}

/** One call's JSON on the whole screen (Enter on [5]), scrolled by the detail's own offset. */
function detailBand(
  detail: CallDetail,
  columns: number,
  height: number,
  limits: { detail: number },
): Screen['bands'][number] {
  const box = { id: 5 as const, width: columns, height };
  const framed = framePanel(box, callDetailBody(detail, columns - 2), detail.scroll, true);
  limits.detail = framed.maxTop;
  return { height, panels: [{ id: 5, width: columns, lines: framed.lines }] };
}

function panelBody(
  id: PanelId,
  view: SessionView,
  width: number,
  state: UiState,
  now: number,
  calls: readonly McpExchangeSummary[] | null,
): PanelBody {
  switch (id) {
    case 5:
      return callsBody(calls, width, state.scroll[5], state.focus === 5);
    case 1:
      return connectionsBody(view, width, now);
    case 2:
      return requestsBody(view, width);
    case 3:
      return forwardsBody(view, width, state.scroll[3], state.focus === 3);
    case 4:
      return logsBody(view, width);
  }
}
