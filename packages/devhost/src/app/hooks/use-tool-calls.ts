import type { CallToolResult, Client, Resource, Tool } from '@modelcontextprotocol/client';
import { getToolUiResourceUri } from '@modelcontextprotocol/ext-apps/app-bridge';
import { useCallback, useRef, useState } from 'react';
import type { CallState } from '../components/ToolResult.tsx';
import { errorMessage } from '../lib/mcp-lists.ts';
import { missingWidgetNote, unreadableResourceMessage } from '../lib/tool-widget.ts';
import { widgetResourceFrom } from '../lib/widget-resource.ts';
import type { LoggedRequest } from './use-message-log.ts';
import type { WidgetSlot } from './use-widget-slot.ts';

/** What one tools/call needs besides the tool and its arguments. */
interface CallContext {
  readonly client: Client;
  readonly resources: readonly Resource[];
  readonly request: LoggedRequest;
  readonly setWidget: WidgetSlot['setWidget'];
  /** False once a newer call (or a new connection) started: its answers are stale. */
  readonly current: () => boolean;
}

/**
 * Reads the tool's UI resource (alongside the call) and shows it as the widget. Returns whether
 * the tool names a UI resource at all (for the "no widget" note).
 */
function openWidget(
  ctx: CallContext,
  id: number,
  tool: Tool,
  args: Record<string, unknown>,
  toolResult: Promise<CallToolResult>,
): boolean {
  let uri: string | undefined;
  try {
    uri = getToolUiResourceUri(tool);
  } catch (error) {
    ctx.setWidget({ kind: 'error', error: `Tool ${tool.name}: ${errorMessage(error)}` });
    return true;
  }
  if (uri === undefined) return false;
  const resourceUri = uri;
  ctx
    .request('resources/read', { uri }, () => ctx.client.readResource({ uri: resourceUri }))
    .then((read) => {
      if (!ctx.current()) return;
      const listEntry = ctx.resources.find((resource) => resource.uri === resourceUri);
      const outcome = widgetResourceFrom(resourceUri, read, listEntry);
      ctx.setWidget(
        outcome.ok
          ? {
              kind: 'ready',
              request: { id, tool, toolArguments: args, toolResult, resource: outcome.resource },
            }
          : { kind: 'error', error: outcome.error },
      );
    })
    .catch((error: unknown) => {
      if (!ctx.current()) return;
      ctx.setWidget({
        kind: 'error',
        error: unreadableResourceMessage(
          tool.name,
          resourceUri,
          ctx.resources,
          errorMessage(error),
        ),
      });
    });
  return true;
}

/**
 * The selected tool and its calls: one call's result (and widget) at a time; a newer call or a
 * new connection (`reset`, stable) makes older answers stale.
 */
export function useToolCalls(options: {
  readonly request: LoggedRequest;
  readonly slot: Pick<WidgetSlot, 'closeWidget' | 'setWidget'>;
}) {
  const { request } = options;
  const { closeWidget, setWidget } = options.slot;
  const [selected, setSelected] = useState<string>();
  const [call, setCall] = useState<CallState>();
  const callSeq = useRef(0);

  const reset = useCallback(() => {
    callSeq.current++;
    setSelected(undefined);
    setCall(undefined);
  }, []);

  const runTool = useCallback(
    async (
      client: Client,
      resources: readonly Resource[],
      tool: Tool,
      args: Record<string, unknown>,
    ) => {
      const seq = ++callSeq.current;
      await closeWidget();
      if (seq !== callSeq.current) return;
      setCall({ status: 'calling', toolName: tool.name });
      const params = { name: tool.name, arguments: args };
      const toolResult = request('tools/call', params, () => client.callTool(params));
      const current = () => seq === callSeq.current;
      const ctx = { client, resources, request, setWidget, current };
      const namesResource = openWidget(ctx, seq, tool, args, toolResult);
      try {
        const result = await toolResult;
        // A user-timing mark, so tools (npm run bench) can time result → widget paint.
        performance.mark('gatehouse:tool-result', { detail: { tool: tool.name } });
        if (!current()) return;
        const note = missingWidgetNote(tool, namesResource, result);
        setCall({
          status: 'done',
          toolName: tool.name,
          result,
          ...(note === undefined ? {} : { note }),
        });
      } catch (error) {
        if (current())
          setCall({ status: 'failed', toolName: tool.name, error: errorMessage(error) });
      }
    },
    [closeWidget, request, setWidget],
  );
  return { selected, setSelected, call, runTool, reset };
}
