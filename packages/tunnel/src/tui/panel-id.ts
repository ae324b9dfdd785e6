/** The five panels, numbered as their toggle keys. */
export type PanelId = 1 | 2 | 3 | 4 | 5;

export const PANEL_IDS: readonly PanelId[] = [1, 2, 3, 4, 5];

export const PANEL_TITLES: Readonly<Record<PanelId, string>> = {
  1: 'Active Connections',
  2: 'Client Requests',
  3: 'Port Forward Status',
  4: 'Logs',
  5: 'MCP Calls',
};
