import type { DisplayMode } from './types.ts';

/** Every mode the MCP Apps spec defines; a widget declares the ones it supports. */
export const ALL_DISPLAY_MODES: readonly DisplayMode[] = ['inline', 'pip', 'fullscreen'];

export const DISPLAY_MODE_LABELS: Readonly<Record<DisplayMode, { text: string; name: string }>> = {
  inline: { text: 'Inline', name: 'Inline' },
  pip: { text: 'PiP', name: 'Picture-in-picture (PiP)' },
  fullscreen: { text: 'Fullscreen', name: 'Fullscreen' },
};

/**
 * Modes to offer: those the host lists in `availableDisplayModes` that the widget supports, in
 * the widget's order. The host must not switch to anything else (MCP Apps spec, Display modes).
 */
export function offeredDisplayModes(
  hostModes: readonly DisplayMode[] | undefined,
  widgetModes: readonly DisplayMode[],
): DisplayMode[] {
  if (hostModes === undefined) return [];
  return widgetModes.filter((mode) => hostModes.includes(mode));
}
