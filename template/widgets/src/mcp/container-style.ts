import type { CSSProperties } from 'react';
import type { HostContext } from './types.ts';

/**
 * Inline style that keeps the widget inside the space the host gives it: fixed or maximum
 * `containerDimensions` (scrolling inside when content is taller) and `safeAreaInsets` as padding.
 */
export function containerStyle(hostContext: HostContext): CSSProperties {
  const style: CSSProperties = {};
  const dims = hostContext.containerDimensions;
  if (dims !== undefined) {
    if ('height' in dims && isSize(dims.height)) style.height = dims.height;
    if ('maxHeight' in dims && isSize(dims.maxHeight)) style.maxHeight = dims.maxHeight;
    if ('width' in dims && isSize(dims.width)) style.width = dims.width;
    if ('maxWidth' in dims && isSize(dims.maxWidth)) style.maxWidth = dims.maxWidth;
    if (style.height !== undefined || style.maxHeight !== undefined) style.overflowY = 'auto';
  }
  const insets = hostContext.safeAreaInsets;
  if (insets !== undefined) {
    style.paddingTop = insets.top;
    style.paddingRight = insets.right;
    style.paddingBottom = insets.bottom;
    style.paddingLeft = insets.left;
  }
  return style;
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
