// Browser runtime of the widget entry that plugin/entry.ts generates. Not Node code.
import { createElement, StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * Mounts a widget module: its default export (a React component) is rendered into the root
 * element inside StrictMode. A module without a default export is assumed to mount itself (it
 * already ran when it was imported).
 */
export function mountWidget(
  widget: { readonly default?: unknown },
  id: string,
  rootId: string,
): void {
  const root = document.getElementById(rootId);
  if (root === null) {
    console.error(
      `[widget ${id}] Nothing mounted: the page has no element with id "${rootId}". ` +
        `Serve the widget with renderWidgetHtml() from @gatehouse/app-kit, which creates it.`,
    );
    return;
  }
  const component = widget.default;
  if (component === undefined) return;
  if (!isComponent(component)) {
    console.error(
      `[widget ${id}] Nothing mounted: the default export is not a React component. ` +
        `Export a component, or mount into #${rootId} yourself and export nothing.`,
    );
    return;
  }
  createRoot(root).render(createElement(StrictMode, null, createElement(component)));
}

function isComponent(value: unknown): value is ComponentType {
  // Function and class components, and memo() / forwardRef() / lazy() objects.
  return (
    typeof value === 'function' ||
    (typeof value === 'object' && value !== null && '$$typeof' in value)
  );
}
