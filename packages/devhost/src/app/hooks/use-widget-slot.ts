import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { WidgetRequest } from '../components/WidgetPanel.tsx';
import type { WidgetHost } from '../widget/widget-host.ts';

export type WidgetState =
  | { readonly kind: 'ready'; readonly request: WidgetRequest }
  | { readonly kind: 'error'; readonly error: string };

/** The one widget shown at a time: its state, its host (closed before the next), its column. */
export interface WidgetSlot {
  readonly widget: WidgetState | undefined;
  readonly setWidget: (widget: WidgetState | undefined) => void;
  readonly closeWidget: () => Promise<void>;
  readonly setHost: (host: WidgetHost | null) => void;
  readonly column: RefObject<HTMLDivElement | null>;
}

export function useWidgetSlot(): WidgetSlot {
  const [widget, setWidget] = useState<WidgetState>();
  const widgetHost = useRef<WidgetHost | null>(null);
  // One column on a phone: the widget comes below the tool list and form. Bring it into view
  // when a call opens one, as a chat host shows the widget it just rendered.
  const column = useRef<HTMLDivElement>(null);
  const widgetId = widget?.kind === 'ready' ? widget.request.id : undefined;
  useEffect(() => {
    if (widgetId === undefined || !window.matchMedia('(max-width: 1000px)').matches) return;
    column.current?.scrollIntoView({ block: 'start' });
  }, [widgetId]);
  const closeWidget = useCallback(async () => {
    const host = widgetHost.current;
    widgetHost.current = null;
    if (host !== null) await host.close();
    setWidget(undefined);
  }, []);
  const setHost = useCallback((host: WidgetHost | null) => {
    widgetHost.current = host;
  }, []);
  return { widget, setWidget, closeWidget, setHost, column };
}
