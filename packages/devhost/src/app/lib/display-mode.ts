/** Display modes this host can render (the widget section's `data-display-mode`). */
export const HOST_DISPLAY_MODES = ['inline', 'fullscreen', 'pip'] as const;
export type DisplayMode = (typeof HOST_DISPLAY_MODES)[number];

function isDisplayMode(value: unknown): value is DisplayMode {
  return (HOST_DISPLAY_MODES as readonly unknown[]).includes(value);
}

/**
 * The mode a `ui/request-display-mode` really gets. SEP-1865: the host MUST NOT switch to a mode
 * the view did not list in `appCapabilities.availableDisplayModes`, MUST answer with the
 * resulting mode and SHOULD keep the current one when the request cannot be honoured.
 */
export function negotiateDisplayMode(
  requested: string,
  appModes: readonly string[] | undefined,
  current: DisplayMode,
  hostModes: readonly DisplayMode[] = HOST_DISPLAY_MODES,
): DisplayMode {
  if (!isDisplayMode(requested)) return current;
  if (!hostModes.includes(requested)) return current;
  if (appModes === undefined || !appModes.includes(requested)) return current;
  return requested;
}
