import type { SessionView } from '../session-view.ts';
import { fit } from './fit.ts';
import { footerLine } from './footer.ts';
import { headerLine } from './header.ts';
import { CHROME_ROWS, layoutPanels } from './layout.ts';
import { framePanel } from './panel-frame.ts';
import type { PanelId } from './panel-id.ts';
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
): Screen {
  const limits: Record<PanelId, number> = {
    1: 0,
    2: 0,
    3: Math.max(0, view.forwards.length - 1),
    4: 0,
  };
  const bands = layoutPanels(columns, rows, state.hidden, state.focus).map((band) => ({
    height: band.height,
    panels: band.panels.map((box): ScreenPanel => {
      const body = panelBody(box.id, view, box.width - 2, state, now);
      const framed = framePanel(box, body, state.scroll[box.id], state.focus === box.id);
      if (box.id !== 3) limits[box.id] = framed.maxTop;
      return { id: box.id, width: box.width, lines: framed.lines };
    }),
  }));
  const allHidden = state.hidden.length === 4;
  const empty =
    bands.length > 0
      ? null
      : dim(
          fit(
            allHidden ? 'All panels hidden: press 1-4 to show one.' : 'Terminal too small.',
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

function panelBody(
  id: PanelId,
  view: SessionView,
  width: number,
  state: UiState,
  now: number,
): PanelBody {
  switch (id) {
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
