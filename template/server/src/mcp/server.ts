import { McpServer } from '@modelcontextprotocol/server';
import { registerAppTools, type AppToolDefinition, type WidgetRegistry } from '@gatehouse/app-kit';

export interface McpServerDeps {
  readonly name: string;
  readonly version: string;
  readonly tools: readonly AppToolDefinition[];
  readonly registry: WidgetRegistry;
}

/**
 * One McpServer for one client (a 2025 session or a single 2026-07-28 request). Everything it
 * advertises (capabilities, instructions, tools/list) is the same for every caller: MCP
 * 2026-07-28 list results no longer vary per connection. UI versus text is decided per call.
 */
export function createMcpServer(deps: McpServerDeps): McpServer {
  const server = new McpServer(
    { name: deps.name, version: deps.version },
    {
      instructions:
        'Tools with a widget render it in MCP Apps hosts; the text content of every result ' +
        'summarises it for clients that show text only.',
    },
  );
  registerAppTools(server, deps.tools, { registry: deps.registry });
  return server;
}
