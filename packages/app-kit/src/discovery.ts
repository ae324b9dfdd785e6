import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { GatehouseError } from '@gatehouse/core';
import { assertWidgetId } from './widget-id.ts';

export interface WidgetSource {
  /** File name without extension: `echo` for `echo.tsx`. */
  readonly id: string;
  /** Absolute path of the entry file. */
  readonly file: string;
}

const ENTRY = /^(?<id>[^.]+)\.(?:tsx|jsx)$/;

/**
 * Finds widget entry points: every top-level `*.tsx` / `*.jsx` file in `srcDir` is one widget.
 * Used by the Vite build and by the server, so both always agree on the list.
 */
export async function discoverWidgets(srcDir: string): Promise<WidgetSource[]> {
  let entries;
  try {
    entries = await readdir(srcDir, { withFileTypes: true });
  } catch (cause) {
    throw new GatehouseError(
      'ERR_APP_KIT_WIDGETS_DIR_MISSING',
      `Widget folder not found: ${srcDir}. Create it and add a widget such as echo.tsx.`,
      { cause },
    );
  }
  const found = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const id = ENTRY.exec(entry.name)?.groups?.['id'];
    if (id === undefined) continue;
    assertWidgetId(id);
    const previous = found.get(id);
    if (previous !== undefined) {
      throw new GatehouseError(
        'ERR_APP_KIT_WIDGET_DUPLICATE',
        `Two entry files define widget "${id}": ${path.basename(previous)} and ${entry.name}. Keep one.`,
      );
    }
    found.set(id, path.join(srcDir, entry.name));
  }
  return [...found.entries()]
    .map(([id, file]) => ({ id, file }))
    .sort((a, b) => a.id.localeCompare(b.id));
}
