import { McpServer } from '@modelcontextprotocol/server';
import { registerAppTools, type AppToolDefinition, type WidgetRegistry } from '@gatehouse/app-kit';

export interface McpServerDeps {
  readonly name: string;
  readonly version: string;
  readonly tools: readonly AppToolDefinition[];
  readonly registry: WidgetRegistry;
}

/** One McpServer for one client (a 2025 session or a single 2026-07-28 request). */
export function createMcpServer(deps: McpServerDeps, client: { ui: boolean }): McpServer {
  const server = new McpServer(
    { name: deps.name, version: deps.version },
    {
      instructions: client.ui
        ? 'Tools render interactive widgets; the text content summarises each result.'
        : 'Tool results are plain text.',
    },
  );
  registerAppTools(server, deps.tools, { ui: client.ui, registry: deps.registry });
  return server;
}
