import type {
  CallToolResult,
  McpServer,
  ServerContext,
  StandardSchemaWithJSON,
  ToolAnnotations,
} from '@modelcontextprotocol/server';
import { registerAppResource, registerAppTool } from '@modelcontextprotocol/ext-apps/server';
import { withCachedJsonSchema } from './cached-json-schema.ts';
import { RESOURCE_MIME_TYPE, UI_EXTENSION_ID } from './constants.ts';
import {
  clientSupportsUi,
  requestClientCapabilities,
  UI_SERVER_CAPABILITIES,
} from './negotiation.ts';
import type { WidgetRegistry } from './registry.ts';
import { widgetUri } from './widget-id.ts';

export type ToolVisibility = 'model' | 'app';

/** What a tool handler learns about the caller besides its arguments. */
export interface AppToolContext {
  /** The client can render MCP Apps widgets; when false the result is sent as text only. */
  readonly ui: boolean;
  /** The SDK's per-request context (abort signal, request id, …). */
  readonly request: ServerContext;
}

export interface AppToolDefinition<Input extends StandardSchemaWithJSON = StandardSchemaWithJSON> {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  /** Zod (or any Standard Schema with JSON Schema) object schema for the arguments. */
  readonly inputSchema: Input;
  readonly annotations?: ToolAnnotations;
  /** Widget id (file name under widgets/src/widgets) rendered for this tool's results. */
  readonly widget?: string;
  /** Who may call the tool (SEP-1865): `["model","app"]` by default; `["app"]` hides it from the model. */
  readonly visibility?: readonly ToolVisibility[];
  // Method syntax on purpose: it lets a list of tools with different argument types share one
  // element type (`readonly AppToolDefinition[]`).
  handler(
    args: StandardSchemaWithJSON.InferOutput<Input>,
    context: AppToolContext,
  ): CallToolResult | Promise<CallToolResult>;
}

/** Identity function that keeps the argument type of `handler` tied to `inputSchema`. */
export function defineAppTool<Input extends StandardSchemaWithJSON>(
  definition: AppToolDefinition<Input>,
): AppToolDefinition<Input> {
  return definition;
}

export interface RegisterAppToolsOptions {
  readonly registry: WidgetRegistry;
}

/**
 * Registers tools and the widget resources they use on one McpServer instance, and declares
 * the MCP Apps extension in the server's capabilities (call it before `connect`).
 *
 * MCP 2026-07-28 makes list results independent of the connection, so `tools/list` is the same
 * for every caller: each tool with a widget carries `_meta.ui` (resourceUri, visibility, plus
 * the legacy flat key), app-only tools included; hosts hide `["app"]` tools from the model
 * (SEP-1865 "Visibility"). Whether a result carries UI is decided per call from the caller's
 * declared capabilities (see requestClientCapabilities): a UI host gets the full result, a
 * text-only client the same text without `structuredContent` or `_meta.ui`, and a text-only
 * call to an app-only tool a tool error, since only a widget may call it.
 * Widget resources are registered for both, so `resources/read ui://…` works in any client.
 */
export function registerAppTools(
  server: McpServer,
  tools: readonly AppToolDefinition[],
  options: RegisterAppToolsOptions,
): void {
  server.server.registerCapabilities(UI_SERVER_CAPABILITIES);
  const widgets = new Set<string>();
  for (const tool of tools) {
    const visibility = tool.visibility ?? ['model', 'app'];
    if (tool.widget !== undefined) widgets.add(tool.widget);
    const config = {
      description: tool.description,
      inputSchema: withCachedJsonSchema(tool.inputSchema),
      ...(tool.title !== undefined && { title: tool.title }),
      ...(tool.annotations !== undefined && { annotations: tool.annotations }),
    };
    const callback = async (args: unknown, request: ServerContext): Promise<CallToolResult> => {
      const ui = clientSupportsUi(requestClientCapabilities(server, request));
      if (!ui && !visibility.includes('model')) return appOnlyRefusal(tool.name);
      const result = await tool.handler(args, { ui, request });
      return ui ? result : textOnly(result);
    };
    if (tool.widget !== undefined) {
      registerAppTool(
        server,
        tool.name,
        {
          ...config,
          _meta: { ui: { resourceUri: widgetUri(tool.widget), visibility: [...visibility] } },
        },
        callback,
      );
    } else {
      server.registerTool(tool.name, config, callback);
    }
  }
  for (const id of widgets) {
    const uri = widgetUri(id);
    registerAppResource(
      server,
      id,
      uri,
      { mimeType: RESOURCE_MIME_TYPE, description: `Widget ${id}` },
      async () => ({
        contents: [await options.registry.read(id)],
      }),
    );
  }
}

/** SEP-1865: an `["app"]` tool is callable by its widget only, i.e. through a UI host. */
function appOnlyRefusal(name: string): CallToolResult {
  return {
    isError: true,
    content: [
      {
        type: 'text',
        text:
          `Tool ${name} is only callable from its widget (visibility ["app"]); ` +
          `this client did not declare the MCP Apps extension (${UI_EXTENSION_ID}).`,
      },
    ],
  };
}

function textOnly(result: CallToolResult): CallToolResult {
  const { structuredContent: _structured, _meta, ...rest } = result;
  if (_meta === undefined) return rest;
  const { ui: _ui, 'ui/resourceUri': _legacy, ...meta } = _meta;
  return Object.keys(meta).length > 0 ? { ...rest, _meta: meta } : rest;
}
