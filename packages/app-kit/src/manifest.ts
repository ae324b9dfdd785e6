import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GatehouseError } from '@gatehouse/core';
import { MANIFEST_FILE } from './constants.ts';
import { isWidgetId } from './widget-id.ts';

/** What the widget build produced, per widget id. File names are relative to the assets folder. */
export interface WidgetManifest {
  readonly version: 1;
  readonly widgets: Readonly<Record<string, WidgetManifestEntry>>;
}

export interface WidgetManifestEntry {
  /** Content-hashed entry module, e.g. `echo-3f2a1b9c.js`. */
  readonly js: string;
  /** Content-hashed stylesheets, e.g. `["echo-9a8b7c6d.css"]`. */
  readonly css: readonly string[];
}

/** Reads and checks `<assetsDir>/manifest.json`; a missing or malformed file is a clear error. */
export async function readManifest(assetsDir: string): Promise<WidgetManifest> {
  const file = path.join(assetsDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new GatehouseError(
      'ERR_APP_KIT_ASSETS_MISSING',
      `Widget assets not found (${file}). Run "npm run build:widgets" first.`,
      { cause },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new GatehouseError(
      'ERR_APP_KIT_MANIFEST_INVALID',
      `${file} is not valid JSON. Rebuild the widgets with \`npm run build:widgets\`.`,
      {
        cause,
      },
    );
  }
  return parseManifest(data, file);
}

function parseManifest(data: unknown, file: string): WidgetManifest {
  const bad = (why: string): GatehouseError =>
    new GatehouseError(
      'ERR_APP_KIT_MANIFEST_INVALID',
      `${file}: ${why}. Rebuild the widgets with \`npm run build:widgets\`.`,
    );
  if (!isRecord(data) || data['version'] !== 1 || !isRecord(data['widgets'])) {
    throw bad('expected {"version":1,"widgets":{…}}');
  }
  const widgets: Record<string, WidgetManifestEntry> = {};
  for (const [id, entry] of Object.entries(data['widgets'])) {
    // Ids become `ui://` URIs and object keys: a bad id (or `__proto__`) is a corrupt manifest.
    if (!isWidgetId(id)) throw bad(`widget id ${JSON.stringify(id)} is not a valid widget id`);
    if (!isRecord(entry) || !isFileName(entry['js']))
      throw bad(`widgets.${id}.js must be a file name`);
    const css = entry['css'];
    if (!Array.isArray(css) || !css.every(isFileName))
      throw bad(`widgets.${id}.css must be a list of file names`);
    widgets[id] = { js: entry['js'], css };
  }
  return { version: 1, widgets };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Manifest entries name files inside the assets folder only: no separators, no `..`.
function isFileName(value: unknown): value is string {
  return typeof value === 'string' && /^[\w.-]+$/.test(value) && !value.startsWith('.');
}
