import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { GatehouseError } from '@gatehouse/core';
import { MANIFEST_FILE } from './constants.ts';
import type { WidgetManifest, WidgetManifestEntry } from './manifest.ts';
import { widgetNotFound } from './widget-not-found.ts';

/** The manifest entry of `id`, or ERR_APP_KIT_WIDGET_NOT_FOUND listing the ids that exist. */
export function manifestEntry(
  assetsDir: string,
  id: string,
  manifest: WidgetManifest,
): WidgetManifestEntry {
  // Own keys only: `constructor` or `__proto__` are not widgets.
  const entry = Object.hasOwn(manifest.widgets, id) ? manifest.widgets[id] : undefined;
  if (entry === undefined) {
    throw widgetNotFound(
      id,
      path.join(assetsDir, MANIFEST_FILE),
      Object.keys(manifest.widgets),
      'If you just added it, run `npm run build:widgets`.',
    );
  }
  return entry;
}

/** Reads one built file of widget `id`; a missing file is ERR_APP_KIT_ASSET_MISSING. */
export async function readAsset(assetsDir: string, id: string, file: string): Promise<string> {
  const full = path.join(assetsDir, file);
  try {
    return await readFile(full, 'utf8');
  } catch (cause) {
    throw missingAsset(id, full, cause);
  }
}

/** Checks that every file of a manifest entry exists, so a widget is never silently broken. */
export async function assertAssetsExist(
  assetsDir: string,
  id: string,
  entry: WidgetManifestEntry,
): Promise<void> {
  for (const file of [entry.js, ...entry.css]) {
    const full = path.join(assetsDir, file);
    try {
      await access(full);
    } catch (cause) {
      throw missingAsset(id, full, cause);
    }
  }
}

function missingAsset(id: string, file: string, cause: unknown): GatehouseError {
  return new GatehouseError(
    'ERR_APP_KIT_ASSET_MISSING',
    `Widget "${id}" needs ${file}, which is missing: the assets folder does not match its ` +
      `${MANIFEST_FILE}. Run \`npm run build:widgets\` to rebuild it.`,
    { cause },
  );
}
