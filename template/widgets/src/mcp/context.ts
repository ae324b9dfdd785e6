import { createContext } from 'react';
import type { McpAppStore } from './app-store.ts';
import type { McpApp } from './types.ts';

export interface McpAppContextValue {
  readonly app: McpApp;
  readonly store: McpAppStore;
}

export const McpAppContext = createContext<McpAppContextValue | undefined>(undefined);
