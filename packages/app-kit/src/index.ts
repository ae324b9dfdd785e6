export { MANIFEST_FILE, RESOURCE_MIME_TYPE, UI_EXTENSION_ID } from './constants.ts';
export type { WidgetSource } from './discovery.ts';
export { discoverWidgets } from './discovery.ts';
export type { WidgetHtmlParts } from './html.ts';
export { renderWidgetHtml } from './html.ts';
export type { WidgetManifest, WidgetManifestEntry } from './manifest.ts';
export { readManifest } from './manifest.ts';
export { assertWidgetId, widgetRootId, widgetUri } from './widget-id.ts';
