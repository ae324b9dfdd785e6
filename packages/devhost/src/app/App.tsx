import type { Client, Resource, Tool } from '@modelcontextprotocol/client';
import { getToolUiResourceUri } from '@modelcontextprotocol/ext-apps/app-bridge';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DevHostConfig } from '../shared/contract.ts';
import { ConnectForm } from './components/ConnectForm.tsx';
import { Conversation, ModelContext } from './components/Conversation.tsx';
import { MessageLog } from './components/MessageLog.tsx';
import { ToolForm } from './components/ToolForm.tsx';
import { ToolList } from './components/ToolList.tsx';
import { ToolResult, type CallState } from './components/ToolResult.tsx';
import { WidgetPanel, type WidgetRequest } from './components/WidgetPanel.tsx';
import { loadConfig } from './lib/config.ts';
import { appendEntry, type LogEntry, type Logger } from './lib/message-log.ts';
import { serverUrlFromQuery } from './lib/server-param.ts';
import { missingWidgetNote, unreadableResourceMessage } from './lib/tool-widget.ts';
import { isVisibleToModel } from './lib/visibility.ts';
import { widgetResourceFrom } from './lib/widget-resource.ts';
import { connect, finishAuthorization } from './mcp/connection.ts';
import { BrowserOAuthProvider, OAUTH_CALLBACK_PATH } from './mcp/oauth-provider.ts';
import type { Theme, WidgetHost } from './widget/widget-host.ts';

type Connection =
  | { readonly status: 'idle' }
  | { readonly status: 'connecting' | 'redirecting'; readonly serverUrl: string }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'connected'; readonly serverUrl: string; readonly client: Client };

type WidgetState =
  | { readonly kind: 'ready'; readonly request: WidgetRequest }
  | { readonly kind: 'error'; readonly error: string };

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function initialTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

async function listAllTools(client: Client): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? undefined : { cursor });
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

async function listResourcesIfAny(client: Client): Promise<Resource[]> {
  if (client.getServerCapabilities()?.resources === undefined) return [];
  try {
    return (await client.listResources()).resources;
  } catch {
    return []; // UI resources may be unlisted (SEP-1865); resources/read still works.
  }
}

export function App() {
  const [config, setConfig] = useState<DevHostConfig>();
  const [bootError, setBootError] = useState<string>();
  // ?server= wins over the configured default (boot keeps a non-empty field).
  const [serverUrl, setServerUrl] = useState(
    () =>
      serverUrlFromQuery(window.location.search, window.location.pathname, OAUTH_CALLBACK_PATH) ??
      '',
  );
  const [connection, setConnection] = useState<Connection>({ status: 'idle' });
  const [tools, setTools] = useState<readonly Tool[]>([]);
  const [resources, setResources] = useState<readonly Resource[]>([]);
  const [selected, setSelected] = useState<string>();
  const [call, setCall] = useState<CallState>();
  const [widget, setWidget] = useState<WidgetState>();
  // One column on a phone: the widget comes below the tool list and form. Bring it into view
  // when a call opens one, as a chat host shows the widget it just rendered.
  const widgetColumn = useRef<HTMLDivElement>(null);
  const widgetId = widget?.kind === 'ready' ? widget.request.id : undefined;
  useEffect(() => {
    if (widgetId === undefined || !window.matchMedia('(max-width: 1000px)').matches) return;
    widgetColumn.current?.scrollIntoView({ block: 'start' });
  }, [widgetId]);
  const [conversation, setConversation] = useState<readonly string[]>([]);
  const [modelContext, setModelContext] = useState<string>();
  const [log, setLog] = useState<readonly LogEntry[]>([]);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const nextId = useRef(0);
  const callSeq = useRef(0);
  const widgetHost = useRef<WidgetHost | null>(null);
  const activeClient = useRef<Client | null>(null);

  const logMessage: Logger = useCallback((direction, message, note) => {
    const id = nextId.current++;
    setLog((entries) =>
      appendEntry(entries, { id, direction, message, ...(note === undefined ? {} : { note }) }),
    );
  }, []);

  /** Logs an MCP request to the server and its answer. */
  const request = useCallback(
    async <T,>(method: string, params: unknown, run: () => Promise<T>): Promise<T> => {
      logMessage('host→server', { method, params });
      try {
        const result = await run();
        logMessage('server→host', result, method);
        return result;
      } catch (error) {
        logMessage('server→host', { error: errorMessage(error) }, method);
        throw error;
      }
    },
    [logMessage],
  );

  const closeWidget = useCallback(async () => {
    const host = widgetHost.current;
    widgetHost.current = null;
    if (host !== null) await host.close();
    setWidget(undefined);
  }, []);

  const doConnect = useCallback(
    async (url: string) => {
      callSeq.current++;
      await closeWidget();
      const previous = activeClient.current;
      activeClient.current = null;
      if (previous !== null) await previous.close().catch(() => undefined);
      setConnection({ status: 'connecting', serverUrl: url });
      setTools([]);
      setResources([]);
      setSelected(undefined);
      setCall(undefined);
      logMessage('host→server', { connect: url });
      const outcome = await connect(url);
      if (outcome.kind === 'redirecting') {
        setConnection({ status: 'redirecting', serverUrl: url });
        return;
      }
      if (outcome.kind === 'failed') {
        logMessage('server→host', { error: outcome.error }, 'connect');
        setConnection({ status: 'failed', error: outcome.error });
        return;
      }
      const client = outcome.client;
      activeClient.current = client;
      logMessage(
        'server→host',
        {
          serverInfo: client.getServerVersion(),
          protocolVersion: client.getNegotiatedProtocolVersion(),
          capabilities: client.getServerCapabilities(),
        },
        'connect',
      );
      try {
        const listed = await request('tools/list', {}, () => listAllTools(client));
        const listedResources = await listResourcesIfAny(client);
        setTools(listed);
        setResources(listedResources);
        setConnection({ status: 'connected', serverUrl: url, client });
      } catch (error) {
        setConnection({
          status: 'failed',
          error: `Could not connect to ${url}: tools/list failed: ${errorMessage(error)}`,
        });
      }
    },
    [closeWidget, logMessage, request],
  );

  useEffect(() => {
    let cancelled = false;
    const boot = async () => {
      let loaded: DevHostConfig;
      try {
        loaded = await loadConfig();
      } catch (error) {
        if (!cancelled) setBootError(`Could not load the dev host config: ${errorMessage(error)}`);
        return;
      }
      if (cancelled) return;
      setConfig(loaded);
      if (window.location.pathname !== OAUTH_CALLBACK_PATH) {
        // Keep a URL the user typed while the config was loading.
        setServerUrl((current) => (current === '' ? loaded.defaultServerUrl : current));
        // A server this tab already authorized (its tokens are stored): reconnect at once, as
        // MCP hosts do after a reload. Anything else waits for Connect, so opening a link
        // never starts an OAuth redirect by itself.
        const initial =
          serverUrlFromQuery(
            window.location.search,
            window.location.pathname,
            OAUTH_CALLBACK_PATH,
          ) ?? loaded.defaultServerUrl;
        if (
          initial !== '' &&
          new BrowserOAuthProvider(initial, window.location.origin).tokens() !== undefined
        )
          await doConnect(initial);
        return;
      }
      const outcome = await finishAuthorization(new URLSearchParams(window.location.search));
      window.history.replaceState(null, '', '/');
      if (cancelled) return;
      if (!outcome.ok) {
        setServerUrl(loaded.defaultServerUrl);
        setConnection({ status: 'failed', error: outcome.error });
        return;
      }
      setServerUrl(outcome.serverUrl);
      await doConnect(outcome.serverUrl);
    };
    void boot();
    return () => {
      cancelled = true;
    };
  }, [doConnect]);

  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);

  const client = connection.status === 'connected' ? connection.client : undefined;
  const visibleTools = useMemo(() => tools.filter(isVisibleToModel), [tools]);
  const selectedTool = visibleTools.find((tool) => tool.name === selected);

  const runTool = useCallback(
    async (tool: Tool, args: Record<string, unknown>) => {
      if (client === undefined) return;
      const seq = ++callSeq.current;
      await closeWidget();
      if (seq !== callSeq.current) return;
      setCall({ status: 'calling', toolName: tool.name });
      const params = { name: tool.name, arguments: args };
      const toolResult = request('tools/call', params, () => client.callTool(params));

      let uri: string | undefined;
      let namesResource: boolean;
      try {
        uri = getToolUiResourceUri(tool);
        namesResource = uri !== undefined;
      } catch (error) {
        namesResource = true;
        setWidget({ kind: 'error', error: `Tool ${tool.name}: ${errorMessage(error)}` });
      }
      if (uri !== undefined) {
        const resourceUri = uri;
        request('resources/read', { uri }, () => client.readResource({ uri: resourceUri }))
          .then((read) => {
            if (seq !== callSeq.current) return;
            const listEntry = resources.find((resource) => resource.uri === resourceUri);
            const outcome = widgetResourceFrom(resourceUri, read, listEntry);
            setWidget(
              outcome.ok
                ? {
                    kind: 'ready',
                    request: {
                      id: seq,
                      tool,
                      toolArguments: args,
                      toolResult,
                      resource: outcome.resource,
                    },
                  }
                : { kind: 'error', error: outcome.error },
            );
          })
          .catch((error: unknown) => {
            if (seq !== callSeq.current) return;
            setWidget({
              kind: 'error',
              error: unreadableResourceMessage(
                tool.name,
                resourceUri,
                resources,
                errorMessage(error),
              ),
            });
          });
      }

      try {
        const result = await toolResult;
        // A user-timing mark, so tools (npm run bench) can time result → widget paint.
        performance.mark('gatehouse:tool-result', { detail: { tool: tool.name } });
        if (seq === callSeq.current) {
          const note = missingWidgetNote(tool, namesResource, result);
          setCall({
            status: 'done',
            toolName: tool.name,
            result,
            ...(note === undefined ? {} : { note }),
          });
        }
      } catch (error) {
        if (seq === callSeq.current)
          setCall({ status: 'failed', toolName: tool.name, error: errorMessage(error) });
      }
    },
    [client, closeWidget, request, resources],
  );

  const appendConversation = useCallback((text: string) => {
    setConversation((messages) => [...messages, text]);
  }, []);
  const setHost = useCallback((host: WidgetHost | null) => {
    widgetHost.current = host;
  }, []);
  const onCloseWidget = useCallback(() => {
    void closeWidget();
  }, [closeWidget]);

  const busy = connection.status === 'connecting' || connection.status === 'redirecting';
  const status =
    connection.status === 'connecting'
      ? `Connecting to ${connection.serverUrl}…`
      : connection.status === 'redirecting'
        ? 'Redirecting to the authorization server…'
        : connection.status === 'connected'
          ? `Connected to ${connection.serverUrl}`
          : undefined;

  return (
    <div className="app">
      <header className="top">
        <h1>Gatehouse dev host</h1>
        <button
          type="button"
          onClick={() => setTheme((current) => (current === 'light' ? 'dark' : 'light'))}
        >
          Toggle theme
        </button>
      </header>
      {bootError !== undefined && (
        <p role="alert" className="error panel">
          {bootError}
        </p>
      )}
      <main className="columns">
        <div className="column left">
          <ConnectForm
            serverUrl={serverUrl}
            busy={busy}
            status={status}
            error={connection.status === 'failed' ? connection.error : undefined}
            onServerUrlChange={setServerUrl}
            onConnect={() => void doConnect(serverUrl.trim())}
          />
          {client !== undefined && (
            <ToolList tools={visibleTools} selected={selected} onSelect={setSelected} />
          )}
          {client !== undefined && selectedTool !== undefined && (
            <ToolForm
              key={selectedTool.name}
              tool={selectedTool}
              busy={call?.status === 'calling'}
              onCall={(args) => void runTool(selectedTool, args)}
            />
          )}
          {call !== undefined && <ToolResult call={call} />}
        </div>
        <div className="column middle" ref={widgetColumn}>
          {widget?.kind === 'error' && (
            <p role="alert" className="panel error widget-error">
              {widget.error}
            </p>
          )}
          {widget?.kind === 'ready' && client !== undefined && config !== undefined && (
            <WidgetPanel
              key={widget.request.id}
              request={widget.request}
              client={client}
              tools={tools}
              sandboxUrl={config.sandboxUrl}
              theme={theme}
              log={logMessage}
              onConversationMessage={appendConversation}
              onModelContext={setModelContext}
              onHost={setHost}
              onClose={onCloseWidget}
            />
          )}
          <Conversation messages={conversation} />
          <ModelContext text={modelContext} />
        </div>
        <div className="column right">
          <MessageLog entries={log} />
        </div>
      </main>
    </div>
  );
}
