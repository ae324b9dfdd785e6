import type { Tool } from '@modelcontextprotocol/client';

/** SEP-1865: a tool without `_meta.ui.visibility` is visible to both the model and the app. */
const DEFAULT_VISIBILITY: readonly string[] = ['model', 'app'];

/**
 * The tool's `_meta.ui.visibility`. Absent means the spec default; present but not a list of
 * strings fails closed (neither the model nor the app may use it).
 */
function toolVisibility(tool: Pick<Tool, '_meta'>): readonly string[] {
  const ui = tool._meta?.['ui'];
  if (ui === undefined || ui === null) return DEFAULT_VISIBILITY;
  if (typeof ui !== 'object' || !('visibility' in ui)) return DEFAULT_VISIBILITY;
  const visibility: unknown = ui.visibility;
  if (visibility === undefined) return DEFAULT_VISIBILITY;
  if (!Array.isArray(visibility)) return [];
  return visibility.filter((entry): entry is string => typeof entry === 'string');
}

/** MCP Apps host checklist: tools without "model" stay out of the agent's (here: the user's) list. */
export function isVisibleToModel(tool: Pick<Tool, '_meta'>): boolean {
  return toolVisibility(tool).includes('model');
}

/** MCP Apps host checklist: a view's tools/call for a tool without "app" is refused. */
export function isCallableByApp(tool: Pick<Tool, '_meta'> | undefined): boolean {
  return tool !== undefined && toolVisibility(tool).includes('app');
}
