import { fileURLToPath } from 'node:url';
import { normalizePath } from 'vite';
import { widgetRootId, type WidgetSource } from '@gatehouse/app-kit';

// The entry of widget `<id>` has the URL `/@widget-entry/<id>.js`: the build's input and, on the
// dev server, the script the widget HTML loads. `\0` marks the resolved id as virtual (Rollup
// convention) so no other plugin tries to read it from disk.
const PUBLIC_PREFIX = '/@widget-entry/';
const RESOLVED_PREFIX = '\0widget-entry:';
const MOUNT_FILE = normalizePath(fileURLToPath(new URL('./mount.ts', import.meta.url)));

export function entryUrl(id: string): string {
  return `${PUBLIC_PREFIX}${id}.js`;
}

/** The widget id an import of `source` asks for (`/@widget-entry/echo.js` → `echo`). */
export function requestedWidgetId(source: string): string | undefined {
  const path = source.split('?')[0] ?? '';
  if (!path.startsWith(PUBLIC_PREFIX) || !path.endsWith('.js')) return undefined;
  return path.slice(PUBLIC_PREFIX.length, -'.js'.length);
}

/** The widget id of a resolved (virtual) entry module id. */
export function resolvedWidgetId(id: string): string | undefined {
  return id.startsWith(RESOLVED_PREFIX) ? id.slice(RESOLVED_PREFIX.length) : undefined;
}

export function resolvedEntryId(id: string): string {
  return `${RESOLVED_PREFIX}${id}`;
}

/**
 * Source of a widget's entry module. The React Refresh preamble comes first so that, on the dev
 * server, it is installed before React loads (in a build it is empty); then the widget module
 * runs, then its default export is mounted.
 */
export function entryCode(widget: WidgetSource): string {
  return [
    `import '@vitejs/plugin-react/preamble';`,
    `import { mountWidget } from ${JSON.stringify(MOUNT_FILE)};`,
    `import * as widget from ${JSON.stringify(normalizePath(widget.file))};`,
    `mountWidget(widget, ${JSON.stringify(widget.id)}, ${JSON.stringify(widgetRootId(widget.id))});`,
    '',
  ].join('\n');
}
