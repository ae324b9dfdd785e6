/** A panel's content, already fitted to the panel's inner width. */
export interface PanelBody {
  /** A fixed first line (table column titles), or null. */
  readonly header: string | null;
  /** The scrollable lines. */
  readonly lines: readonly string[];
  /** A line that must stay in view (the selected forward), when the panel scrolls by selection. */
  readonly keepInView?: number;
  /** The first line of the selected item, when it spans lines up to `keepInView`: never above. */
  readonly keepInViewFirst?: number;
}
