import type { CallToolResult, Resource, Tool } from '@modelcontextprotocol/client';

const FIX =
  "With the Gatehouse template, add widget: '<name>' to the tool's defineAppTool and a widget " +
  'file widgets/src/widgets/<name>.tsx; otherwise set _meta.ui.resourceUri on the tool to a ' +
  'ui:// resource the server registers.';

function resultResourceUri(result: CallToolResult): string | undefined {
  const ui: unknown = result._meta?.['ui'];
  const uri =
    typeof ui === 'object' && ui !== null && 'resourceUri' in ui ? ui.resourceUri : undefined;
  return typeof uri === 'string' ? uri : undefined;
}

/**
 * A note for a result with `structuredContent` that no widget will show: the tool names no UI
 * resource (SEP-1865: hosts read `_meta.ui.resourceUri` from the tool in tools/list), so every
 * host shows only the text. Undefined when there is nothing to say.
 */
export function missingWidgetNote(
  tool: Pick<Tool, 'name'>,
  toolNamesResource: boolean,
  result: CallToolResult,
): string | undefined {
  if (toolNamesResource || result.structuredContent === undefined) return undefined;
  const fromResult = resultResourceUri(result);
  if (fromResult !== undefined) {
    return (
      `Tool ${tool.name} names ${fromResult} only in its result's _meta.ui.resourceUri. Hosts ` +
      `read the UI resource from the tool's _meta.ui.resourceUri (in tools/list), so they will ` +
      `show only the text. ${FIX}`
    );
  }
  return (
    `Tool ${tool.name} returned structuredContent but names no UI resource, so MCP Apps hosts ` +
    `will show only the text. ${FIX}`
  );
}

/** Why a tool's widget could not be read, naming the URI and, when unlisted, what is listed. */
export function unreadableResourceMessage(
  toolName: string,
  uri: string,
  listed: readonly Pick<Resource, 'uri'>[],
  detail: string,
): string {
  if (listed.some((resource) => resource.uri === uri)) {
    return `Could not read the UI resource ${uri}: ${detail}`;
  }
  const known =
    listed.length === 0
      ? 'the server lists no resources'
      : `resources/list has ${listed
          .slice(0, 5)
          .map((resource) => resource.uri)
          .join(', ')}${listed.length > 5 ? ', …' : ''}`;
  return (
    `Tool ${toolName} names the UI resource ${uri} (_meta.ui.resourceUri), but the server does ` +
    `not list it (${known}) and reading it failed: ${detail}. Register that resource on the ` +
    `server or correct the URI. ${FIX}`
  );
}
