import { GatehouseError } from '@gatehouse/core';

/** ERR_APP_KIT_WIDGET_NOT_FOUND: names the widgets that do exist and how to add the missing one. */
export function widgetNotFound(
  id: string,
  where: string,
  known: readonly string[],
  fix: string,
): GatehouseError {
  const list = known.length > 0 ? [...known].sort().join(', ') : '(none)';
  return new GatehouseError(
    'ERR_APP_KIT_WIDGET_NOT_FOUND',
    `Widget ${JSON.stringify(id)} not found in ${where}. Known widgets: ${list}. ${fix}`,
  );
}
