import { GatehouseError } from '@gatehouse/core';

// A widget id becomes a file name, a `ui://` URI and an element id, so keep it to a safe alphabet.
const WIDGET_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** True when `id` is a valid widget id (lower-case kebab-case). */
export function isWidgetId(id: string): boolean {
  return WIDGET_ID.test(id);
}

/** Throws ERR_APP_KIT_WIDGET_ID_INVALID unless `id` is lower-case kebab-case (`echo`, `my-widget`). */
export function assertWidgetId(id: string): void {
  if (!isWidgetId(id)) {
    throw new GatehouseError(
      'ERR_APP_KIT_WIDGET_ID_INVALID',
      `Invalid widget id "${id}": use lower-case letters, digits and single dashes, starting with a letter (e.g. "my-widget").`,
    );
  }
}

/** The element a widget mounts into. The build, the dev server and the registry all use this. */
export function widgetRootId(id: string): string {
  return `${id}-root`;
}

/** The `ui://` resource URI of a widget. */
export function widgetUri(id: string): `ui://${string}` {
  return `ui://${id}`;
}
