import { useEffect, useMemo, type ReactNode } from 'react';
import { getAppStore } from './app-store.ts';
import { McpAppContext } from './context.ts';
import type { AppTransport, McpApp } from './types.ts';

export interface McpAppProviderProps {
  /** The ext-apps `App` in a widget, `createMockApp()` in tests. */
  readonly app: McpApp;
  /** Where the host is; default: `postMessage` to `window.parent` (the host's iframe). */
  readonly transport?: AppTransport;
  readonly children: ReactNode;
}

/** Makes `app` available to `useMcpApp()` and connects it to the host once. */
export function McpAppProvider({ app, transport, children }: McpAppProviderProps) {
  const value = useMemo(() => ({ app, store: getAppStore(app) }), [app]);
  useEffect(() => {
    // Idempotent, so StrictMode's second effect run does not start a second handshake.
    void value.store.connect(transport);
  }, [value, transport]);
  return <McpAppContext value={value}>{children}</McpAppContext>;
}
