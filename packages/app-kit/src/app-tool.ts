import type {
  CallToolResult,
  McpServer,
  ServerContext,
  StandardSchemaWithJSON,
  ToolAnnotations,
} from '@modelcontextprotocol/server';
import { registerAppResource, registerAppTool } from '@modelcontextprotocol/ext-apps/server';
import { withCachedJsonSchema } from './cached-json-schema.ts';
import { RESOURCE_MIME_TYPE } from './constants.ts';
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
  /** Whether this client negotiated the UI extension (see clientSupportsUi). */
  readonly ui: boolean;
  readonly registry: WidgetRegistry;
}

/**
 * Registers tools and the widget resources they use on one McpServer instance.
 *
 * UI clients get `_meta.ui.resourceUri` (and the legacy flat key) on the tool and the full
 * result. Text-only clients get the same tools without UI metadata, results without
 * `structuredContent` or `_meta.ui`, and no app-only tools: nothing they cannot use.
 * Widget resources are registered for both, so `resources/read ui://…` works in any client.
 */
export function registerAppTools(
  server: McpServer,
  tools: readonly AppToolDefinition[],
  options: RegisterAppToolsOptions,
): void {
  const widgets = new Set<string>();
  for (const tool of tools) {
    const visibility = tool.visibility ?? ['model', 'app'];
    if (tool.widget !== undefined) widgets.add(tool.widget);
    if (!options.ui && !visibility.includes('model')) continue;

    const config = {
      description: tool.description,
      inputSchema: withCachedJsonSchema(tool.inputSchema),
      ...(tool.title !== undefined && { title: tool.title }),
      ...(tool.annotations !== undefined && { annotations: tool.annotations }),
    };
    const callback = async (args: unknown, request: ServerContext): Promise<CallToolResult> => {
      const result = await tool.handler(args, { ui: options.ui, request });
      return options.ui ? result : textOnly(result);
    };
    if (options.ui && tool.widget !== undefined) {
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

function textOnly(result: CallToolResult): CallToolResult {
  const { structuredContent: _structured, _meta, ...rest } = result;
  if (_meta === undefined) return rest;
  const { ui: _ui, 'ui/resourceUri': _legacy, ...meta } = _meta;
  return Object.keys(meta).length > 0 ? { ...rest, _meta: meta } : rest;
}
