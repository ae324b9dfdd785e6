import { useCallback, useEffect, useMemo, useState } from 'react';
import { ConnectForm } from './components/ConnectForm.tsx';
import { MessageLog } from './components/MessageLog.tsx';
import { ToolForm } from './components/ToolForm.tsx';
import { ToolList } from './components/ToolList.tsx';
import { ToolResult } from './components/ToolResult.tsx';
import { TopBar } from './components/TopBar.tsx';
import { WidgetColumn } from './components/WidgetColumn.tsx';
import { serverUrlOfPage, useBoot } from './hooks/use-boot.ts';
import { connectionStatus, useConnection } from './hooks/use-connection.ts';
import { useMessageLog } from './hooks/use-message-log.ts';
import { useToolCalls } from './hooks/use-tool-calls.ts';
import { useWidgetSlot } from './hooks/use-widget-slot.ts';
import { isVisibleToModel } from './lib/visibility.ts';
import type { Theme } from './widget/widget-host.ts';

function initialTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * The dev host page: connect to an MCP server, pick a tool, call it, see its widget render in
 * the sandbox, and every message in the log. State lives in the hooks of `hooks/`.
 */
export function App() {
  // ?server= wins over the configured default (boot keeps a non-empty field).
  const [serverUrl, setServerUrl] = useState(serverUrlOfPage);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const { log, logMessage, request } = useMessageLog();
  const slot = useWidgetSlot();
  const { closeWidget } = slot;
  const calls = useToolCalls({ request, slot });
  const { reset } = calls;
  const beforeConnect = useCallback(async () => {
    reset();
    await closeWidget();
  }, [reset, closeWidget]);
  const { connection, tools, resources, doConnect, fail } = useConnection({
    logMessage,
    request,
    beforeConnect,
  });
  const { config, bootError } = useBoot({ doConnect, setServerUrl, fail });

  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);

  const client = connection.status === 'connected' ? connection.client : undefined;
  const visibleTools = useMemo(() => tools.filter(isVisibleToModel), [tools]);
  const selectedTool = visibleTools.find((tool) => tool.name === calls.selected);
  const busy = connection.status === 'connecting' || connection.status === 'redirecting';

  return (
    <div className="app">
      <TopBar
        onToggleTheme={() => setTheme((current) => (current === 'light' ? 'dark' : 'light'))}
        bootError={bootError}
      />
      <main className="columns">
        <div className="column left">
          <ConnectForm
            serverUrl={serverUrl}
            busy={busy}
            status={connectionStatus(connection)}
            error={connection.status === 'failed' ? connection.error : undefined}
            onServerUrlChange={setServerUrl}
            onConnect={() => void doConnect(serverUrl.trim())}
          />
          {client !== undefined && (
            <ToolList tools={visibleTools} selected={calls.selected} onSelect={calls.setSelected} />
          )}
          {client !== undefined && selectedTool !== undefined && (
            <ToolForm
              key={selectedTool.name}
              tool={selectedTool}
              busy={calls.call?.status === 'calling'}
              onCall={(args) => void calls.runTool(client, resources, selectedTool, args)}
            />
          )}
          {calls.call !== undefined && <ToolResult call={calls.call} />}
        </div>
        <WidgetColumn
          slot={slot}
          client={client}
          tools={tools}
          sandboxUrl={config?.sandboxUrl}
          theme={theme}
          log={logMessage}
        />
        <div className="column right">
          <MessageLog entries={log} />
        </div>
      </main>
    </div>
  );
}
