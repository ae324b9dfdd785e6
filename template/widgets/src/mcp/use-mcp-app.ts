import { use, useSyncExternalStore } from 'react';
import type { McpAppStore } from './app-store.ts';
import { McpAppContext } from './context.ts';
import type { McpApp, McpAppState } from './types.ts';

export interface UseMcpApp extends McpAppState {
  readonly app: McpApp;
  readonly requestDisplayMode: McpAppStore['requestDisplayMode'];
}

/** The host state and the `App` of the nearest `McpAppProvider`. */
export function useMcpApp(): UseMcpApp {
  const value = use(McpAppContext);
  if (value === undefined) {
    throw new Error('useMcpApp() must be used inside <McpAppProvider app={…}>.');
  }
  const { app, store } = value;
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return { ...state, app, requestDisplayMode: store.requestDisplayMode };
}
