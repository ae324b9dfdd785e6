import type { PanelId } from './panel-id.ts';

/** One panel's place on screen. */
export interface PanelBox {
  readonly id: PanelId;
  readonly width: number;
  readonly height: number;
}

/** A horizontal band of panels ([2] and [3] share one when the terminal is wide enough). */
export interface Band {
  readonly height: number;
  readonly panels: readonly PanelBox[];
}

/** Rows taken by the header and the footer. */
export const CHROME_ROWS = 2;
/** Borders, a table header and one row. */
const MIN_PANEL_HEIGHT = 4;
/** Below this width [2] and [3] stack instead of sharing a band. */
const SIDE_BY_SIDE_MIN_COLUMNS = 60;

interface Candidate {
  readonly ids: readonly PanelId[];
  readonly weight: number;
}

/**
 * Where the visible panels go on a `columns`×`rows` screen. When not all fit, the bands kept are,
 * in order: the focused panel's, [3] (the Remote URL is what the user came for), [1], [5], [4], [2].
 */
export function layoutPanels(
  columns: number,
  rows: number,
  hidden: readonly PanelId[],
  focus: PanelId,
): Band[] {
  const space = rows - CHROME_ROWS;
  const shown = (id: PanelId): boolean => !hidden.includes(id);
  const middle: PanelId[] = ([2, 3] as const).filter(shown);
  const candidates: Candidate[] = [];
  if (shown(1)) candidates.push({ ids: [1], weight: 4 });
  if (columns >= SIDE_BY_SIDE_MIN_COLUMNS && middle.length > 0) {
    candidates.push({ ids: middle, weight: 3 });
  } else {
    for (const id of middle) candidates.push({ ids: [id], weight: 3 / middle.length });
  }
  if (shown(5)) candidates.push({ ids: [5], weight: 4 });
  if (shown(4)) candidates.push({ ids: [4], weight: 3 });

  const order: PanelId[] = [focus, 3, 1, 5, 4, 2];
  const rank = (c: Candidate): number => Math.min(...c.ids.map((id) => order.indexOf(id)));
  const capacity =
    space >= MIN_PANEL_HEIGHT ? Math.floor(space / MIN_PANEL_HEIGHT) : space >= 3 ? 1 : 0;
  const keep = new Set([...candidates].sort((a, b) => rank(a) - rank(b)).slice(0, capacity));
  const kept = candidates.filter((c) => keep.has(c));
  if (kept.length === 0) return [];

  const totalWeight = kept.reduce((sum, c) => sum + c.weight, 0);
  const heights = kept.map((c) =>
    Math.max(Math.min(MIN_PANEL_HEIGHT, space), Math.floor((space * c.weight) / totalWeight)),
  );
  let excess = heights.reduce((a, b) => a + b, 0) - space;
  for (let i = 0; excess > 0 && i < heights.length * space; i += 1) {
    const j = heights.indexOf(Math.max(...heights));
    heights[j] = (heights[j] ?? 0) - 1;
    excess -= 1;
  }
  heights[0] = (heights[0] ?? 0) - excess;

  return kept.map((c, i) => ({
    height: heights[i] ?? 0,
    panels: splitWidth(columns, c.ids).map(([id, width]) => ({
      id,
      width,
      height: heights[i] ?? 0,
    })),
  }));
}

/** [2] gets about a third of a shared band, [3] the rest (its URLs are long). */
function splitWidth(columns: number, ids: readonly PanelId[]): [PanelId, number][] {
  const [first, second] = ids;
  if (first === undefined) return [];
  if (second === undefined) return [[first, columns]];
  const left = Math.min(40, Math.max(24, Math.floor(columns / 3)));
  return [
    [first, left],
    [second, columns - left],
  ];
}
